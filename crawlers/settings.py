"""Scrapy settings shared by every stemspine spider.

Politeness is configured here and tightened per spider (``update_settings``): one request at a time
per API, a fixed floor delay that AutoThrottle may raise but never lower, and no jitter (Scrapy's
default jitter would dip below an API's published rate limit).
"""

BOT_NAME = "stemspine"
SPIDER_MODULES = ["crawlers.spiders"]
NEWSPIDER_MODULE = "crawlers.spiders"

# each spider sets "stemspine/VERSION (...; mailto:NCBI_EMAIL)": name, version and contact
USER_AGENT = "stemspine (evidence tracker for stem-cell therapy of the spine)"
ROBOTSTXT_OBEY = False  # documented public APIs, not web pages
TELNETCONSOLE_ENABLED = False
# Scrapy 2.19's remote control runs a loopback HTTP server that executes posted Python code and
# writes a job file under the user's home: no unattended crawl needs it.
REMOTE_CONTROL_ENABLED = False
COOKIES_ENABLED = False
LOG_LEVEL = "INFO"

CONCURRENT_REQUESTS = 8
CONCURRENT_REQUESTS_PER_DOMAIN = 1
DOWNLOAD_DELAY = 1.0
DOWNLOAD_DELAY_JITTER = 0
DOWNLOAD_TIMEOUT = 60

AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 60.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0

RETRY_ENABLED = True
RETRY_TIMES = 4
RETRY_HTTP_CODES = [429, 500, 502, 503, 504, 408]
RETRY_AFTER_MAX = 120  # seconds: a longer Retry-After gives up (recorded as an error) instead
DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "crawlers.middlewares.RetryAfterMiddleware": 550,
}

ITEM_PIPELINES = {
    "crawlers.pipelines.StorePipeline": 300,
}

# stemspine's own settings (the CLI sets them; Scrapyd users set them per job)
STEMSPINE_DB = "stemspine.db"
STEMSPINE_TOPIC = None  # path of a topic file; None = crawlers/topics/stemcell_spine.yaml
STEMSPINE_MODE = "incremental"  # incremental / full / offline
# An incremental run asks for what the API stamped from (watermark - margin) on: records stamped
# late in the day of the last run, and those the API indexed up to this many days late, are
# fetched again rather than skipped.
STEMSPINE_WATERMARK_MARGIN_DAYS = 3
STEMSPINE_MAX_PENDING_RECORDS = 20000  # unwritten records kept while writes fail (full disk)
# A run of the same source still "running" with no heartbeat (written every 10 s while a run is
# alive) for this long was killed: a Scrapyd job closes it as abandoned when it starts (the CLI,
# which holds the database's lock, closes every such run at once).
STEMSPINE_ABANDONED_AFTER_MINUTES = 30
PUBMED_BASE_URL = "https://eutils.ncbi.nlm.nih.gov/entrez/eutils/"
EUROPEPMC_BASE_URL = "https://www.ebi.ac.uk/europepmc/webservices/rest/"
CLINICALTRIALS_BASE_URL = "https://clinicaltrials.gov/api/v2/"
PUBMED_USE_HISTORY = True  # esearch usehistory=y, efetch from WebEnv; False: efetch by id lists
# Records per efetch request. NCBI allows up to 10,000 per request from the history server, but
# large responses are slow to assemble and can time out; tools commonly use 200-500. Measured
# against the replay server (bench/bench_efetch.py, bench/README.md): parse time per record is the
# same from 200 to 10,000, the parsing process's peak memory is ~100 MB at 1,000 but ~290 MB at
# 5,000 and ~550 MB at 10,000, and a response is ~4 MB per 1,000 records. 1,000 keeps a request
# well inside NCBI's limit and DOWNLOAD_TIMEOUT and cuts a 100,000-record crawl from 501 requests
# (175 s of politeness delay at 3/s) to 101 (35 s).
PUBMED_BATCH_SIZE = 1000
PUBMED_POST_ABOVE = 200  # efetch by POST when a request names more ids than this
PUBMED_MAX_RESULTS = 9999  # PubMed serves at most this many records of one search
PUBMED_EARLIEST_DATE = "1900-01-01"  # first day of the date windows a large full crawl splits
EUROPEPMC_PAGE_SIZE = 1000
EUROPEPMC_SORT = "FIRST_IDATE_D asc"  # a stable order for cursor paging (not relevance)
CLINICALTRIALS_PAGE_SIZE = 1000
NCBI_TOOL = "stemspine"
NCBI_EMAIL = None  # or env NCBI_EMAIL
NCBI_API_KEY = None  # or env NCBI_API_KEY: allows 10 requests/s instead of 3
