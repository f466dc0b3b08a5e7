"""Sample size from registry enrolment and from abstract text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from db.evidence_files import load_vocabulary
from evidence.assess import assess
from evidence.sample_size import extract, words_to_int
from evidence.text import scan_document
from tests.unit.corpus_docs import labelled_documents
from tests.unit.evidence_docs import pub, registration


@pytest.mark.parametrize(
    ("text", "value"),
    [("twenty-six", 26), ("Two", 2), ("1,200", 1200), ("forty", 40), ("one hundred", 100),
     ("one hundred twenty", 120), ("a hundred and thirty-five", 135), ("purple", None)],
)
def test_words_to_int(text, value):
    assert words_to_int(text) == value


_UNITS = ["", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
_TEENS = ["ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
          "eighteen", "nineteen"]
_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def _spelled(n: int, hundred: str = "one", joint: str = " and ") -> str:
    """``n`` (1 to 999) in words, its hundreds as "one hundred" or "a hundred"."""
    below = n % 100
    words = (_UNITS[below] if below < 10 else _TEENS[below - 10] if below < 20
             else _TENS[below // 10] + ("-" + _UNITS[below % 10] if below % 10 else ""))
    if n < 100:
        return words
    head = f"{hundred if n // 100 == 1 else _UNITS[n // 100]} hundred"
    return head + (joint + words if below else "")


@pytest.mark.parametrize(("hundred", "joint"), [("one", " and "), ("a", " "), ("A", " and ")])
def test_every_count_up_to_999_in_words_is_read_whole(hundred, joint):
    """The number pattern (the hundreds as one alternative) reads every count in words."""
    from evidence.sample_size import _NUMBER

    number = re.compile(rf"\b({_NUMBER}) patients\b", re.IGNORECASE)
    for n in range(1, 1000):
        text = f"In all, {_spelled(n, hundred, joint)} patients were treated."
        found = number.search(text)
        assert found is not None and words_to_int(found.group(1)) == n, text


@pytest.mark.parametrize(
    ("text", "n"),
    [
        ("Twenty-six patients received intradiscal BMC.", 26),
        ("Patients (n = 24) were treated.", 24),
        ("We enrolled N=40 adults.", 40),
        ("100 subjects were randomized to MSC or saline.", 100),
        ("BMC was compared in 40 vs 40 patients.", 80),
        ("We describe two patients treated with MSCs.", 2),
        # the tens after "hundred" belong to it, with or without "and"
        ("One hundred twenty patients were randomized to cells or discectomy alone.", 120),
        ("A hundred and thirty-five adults received marrow concentrate.", 135),
        ("Two hundred forty-one participants were enrolled.", 241),
        # the pool, then the sample taken from it
        ("Charts of 212 consecutive patients were read, of whom 87 met the inclusion "
         "criteria.", 87),
        ("We screened 64 adults; of these, 30 were enrolled.", 30),
        # the sexes of one group add up to it
        ("The series comprised 9 males and 11 females with chronic paraplegia.", 20),
        ("Eight women and six men received the cells.", 14),
        # counts of the pool a study drew from are not its sample
        ("In two years 410 potential patients were identified and 44 patients were treated.",
         44),
        ("Of 52 eligible patients, 40 were enrolled.", 40),
        # the pool, then the part of it that met the criteria, named by sex
        ("Of 1,540 patients, 18 men or women met the inclusion criteria.", 18),
        # a place counted is no count of people: "at one centre we examined patients"
        ("At one centre we examined patients treated with cells; 46 patients were "
         "analysed.", 46),
        # a planned range is its upper bound, not a sum of two arms
        ("Between 12 and 36 participants will be recruited.", 36),
        ("We will enrol 8 to 24 adults with chronic pain.", 24),
        # a share in brackets between the count and its noun; the subgroup of a subgroup is
        # smaller than the whole
        ("Pain eased in 11 of the 22 (50.0%) patients; of these 11 patients, 6 (55%) were "
         "free of pain.", 22),
        # a population in millions is the disease's burden, not a sample
        ("Some 540 million people have back pain; we treated 14 patients with cells.", 14),
        # "eligible" inside the count describes the enrolled group, unless a pool is drawn from
        ("The trial randomized 60 eligible adults (30 cells, 30 saline).", 60),
        # the people a record search identified are the pool; those who had the condition
        # studied are the sample
        ("Of the 184 patients identified, 13 (7%) had a fracture confirmed as osteoporotic.",
         13),
    ],
)
def test_patients_from_text(text, n):
    assert extract(pub("x", ("METHODS", text)), "case_series", "human").value == n


def test_animals_counted_apart_from_patients():
    doc = pub("x", ("METHODS", "Thirty-six adult female Sprague-Dawley rats were injected; "
                               "results may help patients."))
    size = extract(doc, "preclinical_animal", "animal")
    assert (size.value, size.animals) == (36, 36)


@pytest.mark.parametrize("design", ["systematic_review", "narrative_review", "guideline",
                                    "editorial", "in_vitro"])
def test_none_for_reviews_and_in_vitro(design):
    doc = pub("x", ("METHODS", "We included 12 trials with 500 patients."))
    assert extract(doc, design, "human").value is None


def test_registration_enrolment_and_withdrawn():
    assert extract(registration("x", enrollment=60), "rct", "human").value == 60
    withdrawn = registration("x", enrollment=0, overall_status="WITHDRAWN")
    assert extract(withdrawn, "case_series", "human").value == 0


# ---- error class 10: the number of participants the study itself enrolled -----------------------
@pytest.mark.parametrize(
    ("design", "text", "n"),
    [
        ("case_series", "Spasticity eased in three of five patients treated with cells.", 5),
        ("case_series", "Of the 18 patients treated, 9 of the 18 reported less pain.", 18),
        ("case_series", "Twenty-two patients received cells; two patients developed discitis and "
                        "four patients were lost to follow-up.", 22),
        ("case_series", "Of 40 patients enrolled, 31 patients completed the two-year visit.", 40),
        ("rct", "Fifteen patients received stromal cells and were compared with 15 patients given "
                "saline.", 30),
        ("case_control", "We compared 25 patients with discitis after injections (cases) and 75 "
                         "controls matched on age.", 100),
        ("rct", "Eighty patients were randomized; 40 patients and 38 patients completed the "
                "study.", 80),
        ("case_series", "Three hundred and twelve patients from a national registry received "
                        "cells.", 312),
        ("cohort", "We compared 41 patients fused with a cellular allograft with 39 patients "
                   "fused with local bone.", 80),
        ("cohort", "From claims data, 150 patients given a cell-based graft were matched to 150 "
                   "patients given autograft.", 300),
        ("case_series", "Of 96 patients screened, 24 met the inclusion criteria and received "
                        "intradiscal cells.", 24),
        ("cohort", "Outcomes of 35 patients given marrow concentrate were compared with those of "
                   "70 patients given physiotherapy.", 105),
    ],
)
def test_class_10_sample_size_is_the_enrolled_total(design, text, n):
    assert extract(pub("x", ("METHODS", text)), design, "human").value == n


def test_class_10_a_reviews_quoted_participants_are_no_sample_size():
    doc = pub("x", ("RESULTS", "One trial with 29 participants and two case series were found."))
    assert extract(doc, "narrative_review", "unknown").value is None


def test_class_10_veterinary_patients_counted():
    doc = pub("x", ("", "We treated 9 canine patients with intrathecal stromal cells."))
    assert extract(doc, "preclinical_animal", "animal").value == 9


def test_class_10_enrolled_count_without_its_noun():
    doc = pub("x", ("METHODS", "Of 120 patients screened, 60 were randomized to cells or saline."))
    assert extract(doc, "rct", "human").value == 60


@pytest.mark.parametrize(
    "text",
    [
        "Spasticity eased in three of five patients treated with cells.",
        "Thirty-six consecutive adult female patients received cells; 2 patients had discitis.",
        "BMC was compared in 40 vs 40 patients.",
        "Of 120 patients screened, 60 were randomized to cells or saline.",
    ],
)
def test_the_scan_only_narrows_where_counts_are_read(text):
    """With the document's scan, counts are read only before the person words it found: the
    same counts as reading every field whole."""
    from db.evidence_files import load_vocabulary
    from evidence.text import scan_document

    doc = pub("x", ("METHODS", text))
    scan = scan_document(doc, load_vocabulary())
    for design in ("case_series", "rct"):
        assert extract(doc, design, "human", scan) == extract(doc, design, "human")


_SHARED = Path(__file__).resolve().parents[3] / "shared"


@pytest.mark.parametrize("corpus", ["corpus", "corpus-real"])
def test_counting_near_population_words_equals_reading_every_field(corpus):
    """With the document's scan, the counting patterns read only the stretches before the
    population and group words the scan found; without it, every field whole. Same sizes on every
    study of the development sets, under every design that counts participants."""
    if not (_SHARED / corpus).exists():
        pytest.skip(f"../shared/{corpus} is absent (development data, not shipped)")
    vocab = load_vocabulary()
    docs = labelled_documents(_SHARED / corpus)
    assert docs
    for doc in docs.values():
        scan = scan_document(doc, vocab)
        for design, population in (("rct", "human"), ("case_series", "human"),
                                   ("preclinical_animal", "animal")):
            assert (extract(doc, design, population, scan)
                    == extract(doc, design, population)), (doc.get("title"), design)


def test_group_counts_near_control_and_knee_words():
    doc = pub("x", ("METHODS", "Twelve patients received MSCs and were compared with 12 knees "
                               "injected with saline in a matched design."))
    scan = scan_document(doc, load_vocabulary())
    assert extract(doc, "cohort", "human", scan).value == 24
    doc = pub("x", ("METHODS", "Sixty patients given BMAC were compared with 60 matched "
                               "controls."))
    assert extract(doc, "cohort", "human", scan_document(doc, load_vocabulary())).value == 120


@pytest.mark.parametrize(
    ("text", "n"),
    [("A hundred and five patients with discogenic pain were treated.", 105),
     ("Patients were many; 1,200 consecutive patients were screened and 40 patients enrolled.",
      40),
     ("In this trial, twenty-six adults with stenosis and no prior surgery received cells.", 26),
     ("Patients with pain received cells.", None)],
)
def test_counts_start_at_a_number_before_the_population_word(text, n):
    doc = pub("x", ("METHODS", text))
    scan = scan_document(doc, load_vocabulary())
    assert extract(doc, "case_series", "human", scan).value == n
    assert extract(doc, "case_series", "human").value == n


# ---- generalisation: how real abstracts we had not seen are written ------------------------------
def test_n_values_that_add_up_to_more_than_the_counted_people_count_something_else():
    # twenty-one people with "(n=...)" per joint or level: the n values count joints, not people
    text = ("Twenty-one veterans were injected for arthritis of the knee (n=18), hip (n=9) or "
            "shoulder (n=11).")
    assert extract(pub("x", ("", text)), "case_series", "human").value == 21


def test_n_values_of_the_counted_people_still_add_up():
    text = "Forty patients were randomized to cells (n=20) or saline (n=20)."
    assert extract(pub("x", ("METHODS", text)), "rct", "human").value == 40


@pytest.mark.parametrize(
    ("text", "n"),
    [
        ("Eighteen skeletally mature female New Zealand White rabbits had disc punctures.", 18),
        ("Twelve adult male Sprague-Dawley rats were used.", 12),
        ("24 skeletally mature female Göttingen minipigs were operated on.", 24),
    ],
)
def test_animals_counted_after_a_long_description(text, n):
    assert extract(pub("x", ("METHODS", text)), "preclinical_animal", "animal").value == n


def test_cells_injected_into_animals_are_not_a_count_of_animals():
    text = "At 4 weeks, 2 million labelled cells were injected into the discs of the rats."
    assert extract(pub("x", ("METHODS", text)), "preclinical_animal", "animal").value is None


def test_a_veterinary_case_report_has_one_patient():
    doc = pub("Case report: stromal cells for lumbosacral stenosis in a dog",
              ("", "A dog with hind limb paresis received its own cultured stromal cells."),
              publication_types=["Journal Article", "Case Reports"])
    assert extract(doc, "preclinical_animal", "animal").value == 1


@pytest.mark.parametrize(("text", "n"), [
    # a case told without the type or title: a sentence opens on one aged patient
    ("Disc extrusion is common in small breeds. A 4-year-old dachshund with paraplegia received "
     "its own marrow stromal cells.", 1),
    # a lab animal's age beside its kind is no case
    ("Stromal cells were given to rats with crushed cords; an 8-week-old rat served as a "
     "sham.", None),
])
def test_a_veterinary_case_told_by_its_patients_age(text, n):
    doc = pub("Stromal cells for a cord lesion", ("", text))
    assert extract(doc, "preclinical_animal", "animal").value == n


def test_the_end_of_a_range_is_no_count_of_people():
    # "grade 1-3 were recruited": the range's end is not a number of patients
    doc = pub("x", ("METHODS", "Patients with Kellgren-Lawrence grade 1-3 were recruited."),
              ("RESULTS", "Forty-one patients were randomized."))
    assert extract(doc, "rct", "human").value == 41


def test_an_enrolled_count_with_its_share_outranks_a_subgroup_count():
    # "28 (68%) were enrolled": the share between the count and its verb; a later count of one
    # arm's responders is smaller and not the sample
    doc = pub("x", ("RESULTS", "Of 41 eligible adults, 28 (68%) were enrolled; two withdrew. "
                               "Pain halved in five of 12 patients in the cell group."))
    assert extract(doc, "rct", "human").value == 28


def test_a_number_inside_a_strain_name_is_no_count_of_animals():
    doc = pub("x", ("METHODS", "Cells were injected into the lumbar discs of Abc-/0 mice."))
    assert extract(doc, "preclinical_animal", "animal").value is None


@pytest.mark.parametrize(
    ("design", "population", "text", "n"),
    [
        # "N further/additional animals": a second group added to the first
        ("preclinical_animal", "animal", "The disc was punctured in 10 adult rats. Four further "
                                         "rats received cells after the puncture.", 14),
        ("case_series", "human", "Cells were injected in 21 patients. An additional 5 patients "
                                 "were treated after the protocol was amended.", 26),
        # a control arm stated in a sentence of its own
        ("cohort", "human", "Stromal cells on a ceramic carrier were implanted in 14 patients. "
                            "Eleven patients fused with iliac autograft served as controls.", 25),
        ("cohort", "human", "We grafted cells in 30 patients with chronic injury. The control "
                            "group of 30 patients had rehabilitation only.", 60),
        # ... but not when the first count is already the total
        ("rct", "human", "Sixty patients were randomized to two groups. The control group of "
                         "30 patients received saline.", 60),
    ],
)
def test_groups_stated_in_separate_sentences_add_up(design, population, text, n):
    assert extract(pub("x", ("METHODS", text)), design, population).value == n


def test_a_year_before_an_enrolment_verb_is_no_count():
    doc = pub("x", ("METHODS", "Adults treated between May 2016 and March 2018 were included "
                               "and divided into group A (N = 25) and group B (N = 27)."))
    assert extract(doc, "cohort", "human").value == 52


def test_a_control_arm_is_added_to_the_arm_just_before_it_not_to_the_total():
    text = ("Forty adults had a fusion. In 20 adults, cells were added to the graft. "
            "Twenty adults fused with autograft alone served as controls.")
    assert extract(pub("x", ("METHODS", text)), "cohort", "human").value == 40


def test_a_control_arm_told_after_a_semicolon_is_added_to_the_arm_before_it():
    # (and "non-randomized" does not say the count before it is everybody)
    text = ("In this non-randomized study, 30 adults received intradiscal marrow concentrate; "
            "15 matched adults given physiotherapy served as controls.")
    assert extract(pub("x", ("", text)), "non_randomized_controlled", "human").value == 45


@pytest.mark.parametrize(
    ("text", "n"),
    [
        # (held-out set AD, on arrival: the control arm as "the N control patients")
        ("A retrospective study of cell grafts in 24 adults with spinal cord injury. The 24 "
         "control patients were matched for age and level.", 48),
        ("Cells were given to 18 adults; 12 untreated control subjects were followed alike.",
         30),
        # a control count that is part of the total already made stays inside it
        ("Forty adults were divided into a cell group and a control group; the 20 control "
         "patients received saline.", 40),
        # the control arm told with "and" in the treated arm's sentence
        ("Cells were given to 30 patients and control saline injections to 14.", 44),
        # historical controls are participants whose data the comparison uses
        ("Marrow concentrate was added to the graft in 26 consecutive adults. Fusion was "
         "compared with that of 31 historical controls given allograft alone.", 57),
    ],
)
def test_a_control_arm_named_as_control_patients_is_added(text, n):
    assert extract(pub("x", ("", text)), "cohort", "human").value == n


@pytest.mark.parametrize(
    ("text", "n"),
    [
        ("Group A comprised 30 patients given cells and group B 28 patients given autograft.",
         58),
        ("The stromal cell group (24 patients) and the saline group (22 patients) were "
         "compared.", 46),
        ("Twenty patients were assigned to the cell group and 20 to the placebo group.", 40),
    ],
)
def test_arms_counted_with_their_groups_in_one_sentence_add_up(text, n):
    assert extract(pub("x", ("METHODS", text)), "rct", "human").value == n


def test_counts_read_from_lower_cased_text_keep_the_texts_own_spelling():
    """The counting patterns run on a lower-cased copy (faster): the text shown is the study's."""
    doc = pub("x", ("METHODS", "The series comprised Nine Males and 11 Females with paraplegia."))
    size = extract(doc, "case_series", "human")
    assert (size.value, size.matched_text) == (20, "Nine Males and 11 Females")


@pytest.mark.parametrize(
    ("text", "n", "matched"),
    [
        ("Cells (N =\u00a025) or saline (n= 27) were given.", 52, "N =\u00a025 + n= 27"),
        ("Patients were enrolled (total n = 31; MSC n=16).", 31, "n = 31"),
        ("A score of pain=3 and an=4 are no counts (n=12).", 12, "n=12"),
    ],
)
def test_n_values_found_from_each_equals_sign(text, n, matched):
    size = extract(pub("x", ("RESULTS", text)), "case_series", "human")
    assert (size.value, size.matched_text) == (n, matched)


@pytest.mark.parametrize(
    ("design", "text", "n"),
    [
        # a number in words repeated in digits
        ("case_series", "Thirty (30) patients treated at 44 levels were reviewed.", 30),
        # a dose in powers of ten ("2 × 10^7" flattened to "2 × 107") and a rate per patient
        # are no counts
        ("case_series", "Eleven patients were enrolled and 2 × 108 cells per patient were "
                        "injected.", 11),
        # a total told with n, then its arms: the arms add up to it
        ("rct", "Adults with sciatica (n=40) were randomized to cells (n=21) or saline (n=19).",
         40),
        # n values of knees or levels count no participants
        ("cohort", "Marrow concentrate (n = 31 knees) was compared with hyaluronate (n = 17 "
                   "knees).", None),
    ],
)
def test_counts_that_are_doses_totals_or_body_parts(vocab, design, text, n):
    doc = pub("x", ("METHODS", text))
    assert extract(doc, design, "human").value == n
    assert extract(doc, design, "human", scan_document(doc, vocab)).value == n


def test_two_equal_arms_told_with_n_add_up():
    doc = pub("x", ("METHODS", "Group A (n = 30) received cells and group B (n = 30) saline."))
    assert extract(doc, "rct", "human").value == 60


def test_the_other_arm_told_after_and_adds_up():
    doc = pub("x", ("METHODS", "The 12 patients in the cell arm received marrow cells with "
                               "physiotherapy, and the other 12 subjects received physiotherapy "
                               "only."))
    assert extract(doc, "rct", "human").value == 24


@pytest.mark.parametrize("text, n", [
    ("After disc puncture the rats were randomized to four groups (n = 10 per group).", 40),
    ("Rabbits were divided into three groups of 8: sham, puncture and puncture with cells.", 24),
    ("Mice were assigned to two treatment groups, 6 mice per group.", 12),
    ("Thirty rats were divided into three groups (n = 10/group).", 30),
    ("Injured rats were randomized to four groups (n = 8/each group) that each received one "
     "injection: saline, gel, cells, or cells in gel.", 32),
    ("Transected rats were randomly divided into three groups (N = 14 each).", 42),
    ("Rats were divided into three groups, twelve rats per group.", 36),  # (in words)
    # a strain's abbreviation before the noun; deaths later are no sample
    ("Lesions were made in sixty female Sprague-Dawley (SD) rats. Four rats died.", 60),
])
def test_animals_counted_per_group_times_groups(text, n):
    doc = pub("Stromal cells in a gel for disc repair", ("METHODS", text))
    assert extract(doc, "preclinical_animal", "animal").value == n


def test_a_count_of_the_owners_of_patients_counts_no_patients():
    doc = pub("x", ("METHODS", "A retrospective review of one clinic's patients treated with "
                               "marrow cells or with bone morphogenetic protein."),
              ("RESULTS", "Sixty-four adults were analysed."))
    assert extract(doc, "cohort", "human").value == 64


def test_a_section_labelled_animals_is_trusted_as_methods():
    doc = pub("Marrow stromal cells for chronic cord injury in dogs",
              ("", "To assess cells given into the CSF of paraplegic dogs."),
              ("", "31 dogs."),
              ("", "Of 14 dogs given cells, 8 walked again, against 3 of 17 dogs in the control "
                   "group."))
    for sec, label in zip(doc["abstract_sections"], ("Objective", "Animals", "Results"),
                          strict=True):
        sec["label"], sec["category"] = label, ""
    assert assess(doc, load_vocabulary()).sample_size == 31


def test_a_count_from_earlier_work_yields_to_this_studys_own():
    vocab = load_vocabulary()
    doc = pub("Marrow cells in the disc: five years on",
              ("", "We previously reported one-year results of intradiscal marrow cells in 12 "
                   "patients. Here, 9 patients were examined again at five years; pain stayed "
                   "low."))
    scan = scan_document(doc, vocab)
    assert extract(doc, "case_series", "human", scan).value == 9
    # alone, the count of an earlier cohort followed again is this study's
    doc = pub("Marrow cells in the disc: five years on",
              ("", "The 12 patients of a previously reported cohort were examined again at five "
                   "years; pain stayed low."))
    assert extract(doc, "case_series", "human", scan_document(doc, vocab)).value == 12


@pytest.mark.parametrize("text, n", [
    # a count per group after the treatments allocated, no number of groups in words
    ("Adults with discogenic pain were randomized to intradiscal stromal cells or saline "
     "(n = 15 each).", 30),
    ("Participants were randomly assigned to marrow concentrate, hyaluronan, or saline "
     "(n = 12 per arm).", 36),
    ("Patients were allocated to adipose cells or sham, 20 per group.", 40),
    # ... or told before the alternatives
    ("Eighteen patients in each arm received either cells or a steroid injection.", 36),
    ("Ten participants per group received either cells, PRP or saline, and were followed "
     "for a year.", 30),
    # a semicolon ends the allocation: the planned count after it is not the arms' count
    ("Patients were randomized to cells or saline; 20 patients per group were planned but "
     "31 were enrolled.", 31),
])
def test_a_count_per_group_times_the_alternatives_allocated(text, n):
    doc = pub("Cells against a control for disc pain", ("METHODS", text))
    assert extract(doc, "rct", "human").value == n


@pytest.mark.parametrize("text, n", [
    # people screened or approached are not the sample; the count the enrolling verb took is
    ("We screened 212 patients over 18 months and enrolled 30 (14%), who were randomly "
     "assigned 1:1.", 30),
    ("Investigators approached 75 adults and randomized 40 into two arms.", 40),
    # the pool told by the clause's verb after a long noun phrase, then the sample
    ("Between 2012 and 2016, 290 adults with discogenic back pain of more than 6 months were "
     "assessed for eligibility; 180 were excluded and 98 patients were randomized.", 98),
    ("A total of 154 volunteers with lumbar stenosis seen in two clinics were screened for "
     "inclusion. Sixty patients entered the trial.", 60),
])
def test_a_count_screened_yields_to_the_count_enrolled(text, n):
    doc = pub("Marrow concentrate against epidural steroid: a feasibility trial", ("METHODS", text))
    assert extract(doc, "rct", "human").value == n


def test_two_groups_told_by_what_each_has_add_up():
    doc = pub("Cord blood cells in children", (
        "METHODS", "Eighteen children with cerebral palsy and 5 with a spinal cord injury "
                   "received intravenous cord blood cells."))
    assert extract(doc, "case_series", "human").value == 23


def test_animals_counted_by_n_after_their_noun_outrank_an_outcome_count():
    doc = pub("Adipose cells for lumbosacral stenosis in dogs", (
        "", "Client-owned dogs (n = 22) with lumbosacral stenosis received epidural adipose "
            "cells. Owners reported better mobility in 15 dogs at three months."))
    assert extract(doc, "preclinical_animal", "animal").value == 22


@pytest.mark.parametrize("share", ["Sixty percent of patients", "Twenty per cent of the patients"])
def test_a_share_in_words_is_no_count(share):
    doc = pub("Marrow stromal cells for discogenic pain", (
        "RESULTS", f"{share} reported less pain at one year."))
    assert extract(doc, "case_series", "human").value is None
    counted = pub("Marrow stromal cells for discogenic pain", (
        "RESULTS", f"Of 30 patients treated, {share.lower()} reported less pain at one year."))
    assert extract(counted, "case_series", "human").value == 30


def test_an_unlabelled_opening_before_the_results_tells_who_was_treated():
    # one label only: the unlabelled text before "RESULTS" is where the methods are, and the
    # results' "in five patients" is a subgroup of the twelve
    doc = pub("Intrathecal marrow stromal cells in chronic spinal cord injury",
              ("", "Cell therapy is a hope for spinal cord injury. In 12 patients with complete "
                   "paraplegia we report the safety of three intrathecal doses of cultured "
                   "autologous marrow stromal cells."),
              ("RESULTS", "No serious adverse event was seen. In five patients the injury was "
                          "older than a year; two of them regained some bladder control."))
    assert assess(doc, load_vocabulary()).sample_size == 12


@pytest.mark.parametrize(("methods", "n"), [
    # groups of one species counted by what each was given
    ("After annular puncture, 10 rats received intradiscal MSCs; 10 rats received saline.", 20),
    ("Twelve client-owned dogs with disc extrusion received MSCs after surgery; 12 dogs had "
     "surgery alone.", 24),
    # two species: each species' largest count, added ("eight rabbits" are of the 40)
    ("Forty rabbits had two discs punctured; eight rabbits were killed at four weeks and their "
     "disc tissue was placed on the nerve roots of 16 nude rats.", 56),
    # one group told twice is counted once
    ("Twenty rats underwent annular puncture. Ten rats later received MSCs.", 20),
])
def test_animals_counted_group_by_group(methods, n):
    doc = pub("Marrow stromal cells in animal models of disc degeneration",
              ("METHODS", methods), ("RESULTS", "Disc height was better kept with cells."))
    assert assess(doc, load_vocabulary()).sample_size == n


def test_treated_patients_compared_with_a_control_group_of_n_add_up(vocab):
    doc = pub("Intrathecal marrow cells in complete spinal cord injury",
              ("METHODS", "In this nonrandomized trial, 11 patients given cells by lumbar "
                          "puncture were compared with a control group of 20 patients given "
                          "conventional care."))
    assert assess(doc, vocab).sample_size == 31


def test_dogs_counted_by_breed_are_the_dogs_of_the_study(vocab):
    doc = pub("Marrow mononuclear cells in paraplegic dogs after disc herniation",
              ("METHODS", "The study included eighty-two miniature dachshunds with disc "
                          "herniation. Thirty-six dogs received cells after decompression; the "
                          "other 46 dogs, operated only, served as controls."))
    a = assess(doc, vocab)
    assert (a.population, a.sample_size) == ("animal", 82)


def test_horses_counted_as_racehorses_are_the_horses_of_the_study(vocab):
    doc = pub("Marrow stromal cells for tendon injury in racehorses",
              ("METHODS", "We followed 96 client-owned racehorses for two years after an "
                          "intralesional injection of marrow stromal cells."))
    a = assess(doc, vocab)
    assert (a.population, a.sample_size) == ("animal", 96)


def test_a_control_group_counted_before_the_treated_group_adds_up(vocab):
    doc = pub("Marrow concentrate in intertransverse fusion: a comparative study",
              ("METHODS", "The control group comprised 27 consecutive patients fused with "
                          "iliac crest graft in 2019. The cell group comprised 32 consecutive "
                          "patients fused in 2020 with the same graft plus marrow concentrate."))
    assert assess(doc, vocab).sample_size == 59


def test_who_had_an_event_in_each_arm_is_no_control_arm(vocab):
    doc = pub("Autologous macrophages for acute complete cord injury: a randomized trial",
              ("METHODS", "Participants were randomly allocated 2:1 to macrophages or to "
                          "standard care."),
              ("RESULTS", "Efficacy data were available for 43 participants (26 treated, 17 "
                          "controls). Conversion to a better grade occurred in 7 treated and "
                          "10 control participants."),
              publication_types=["Randomized Controlled Trial"])
    assert assess(doc, vocab).sample_size == 43
