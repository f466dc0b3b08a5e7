"""Offline replay server: imitates the E-utilities, Europe PMC and ClinicalTrials.gov v2 subsets
the spiders use, over a corpus folder (see design.md, "Offline corpus and the replay server")."""

from crawlers.replay.corpus import Corpus
from crawlers.replay.faults import Fault
from crawlers.replay.server import ReplayServer

__all__ = ["Corpus", "Fault", "ReplayServer"]
