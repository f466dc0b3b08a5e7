"""Evidence-map numbers computed independently with plain SQL over ``studies``, ``study_tags`` and
``links`` (not with evidence/evidence_map.py), to check the published map against."""

from __future__ import annotations

from typing import Any

import sqlite_utils

INDEPENDENT_COUNTS = """
with pair as (
  select a.study_id, a.value as cell_type, b.value as condition
  from study_tags a join study_tags b on a.study_id = b.study_id
  where a.facet = 'cell_type' and b.facet = 'condition'
  group by a.study_id, a.value, b.value
),
pub as (
  select p.cell_type, p.condition, s.sample_size,
    case when s.population in ('animal', 'in_vitro') or s.evidence_level = 5 then 5
         when s.population = 'human' and s.evidence_level between 1 and 4
           then s.evidence_level end as level,
    coalesce(
      (select min(l.other_study_id) from links l
       where l.study_id = s.study_id and l.relation = 'registered_as'),
      min(s.study_id, coalesce((select min(l.other_study_id) from links l
        where l.study_id = s.study_id and l.relation = 'same_trial'), s.study_id))
    ) as trial
  from pair p join studies s on s.study_id = p.study_id
  where s.kind = 'publication' and s.retracted = 0
),
trials as (
  select cell_type, condition, trial, min(level) as level, max(coalesce(sample_size, 0)) as n
  from pub where level is not null group by cell_type, condition, trial
)
select cell_type, condition, level, count(*) as trials, sum(n) as participants
from trials group by cell_type, condition, level
"""

INDEPENDENT_REGISTRATIONS = """
select a.value as cell_type, b.value as condition,
  sum(s.status in ('RECRUITING', 'NOT_YET_RECRUITING', 'ACTIVE_NOT_RECRUITING',
                   'ENROLLING_BY_INVITATION')) as ongoing,
  sum(s.status in ('COMPLETED', 'TERMINATED', 'WITHDRAWN') and not exists (select 1 from links l
      where (l.study_id = s.study_id and l.relation = 'registration_of')
         or (l.other_study_id = s.study_id and l.relation = 'registered_as'))
      and not coalesce(s.has_results, 0)) as unpublished
from studies s
  join study_tags a on a.study_id = s.study_id and a.facet = 'cell_type'
  join study_tags b on b.study_id = s.study_id and b.facet = 'condition'
where s.kind = 'registration'
group by a.value, b.value
"""


def assert_map_matches_sql(data: dict[str, Any], db: sqlite_utils.Database) -> None:
    """``data`` is /evidence-map.json; every cell's counts must equal the plain-SQL counts."""
    cells = {(cell["cell_type"], cell["condition"]): cell for cell in data["cells"]}
    expected: dict[tuple[str, str], dict] = {}
    for row in db.query(INDEPENDENT_COUNTS):
        entry = expected.setdefault((row["cell_type"], row["condition"]),
                                    {"levels": dict.fromkeys("12345", 0), "rct_n": 0})
        entry["levels"][str(row["level"])] = row["trials"]
        if row["level"] == 2:
            entry["rct_n"] = row["participants"]
    registrations = {(row["cell_type"], row["condition"]): row
                     for row in db.query(INDEPENDENT_REGISTRATIONS)}
    assert expected, "no counted study at all"
    assert set(expected) <= set(cells)
    for key, cell in cells.items():
        want = expected.get(key, {"levels": dict.fromkeys("12345", 0), "rct_n": 0})
        assert cell["levels"] == want["levels"], key
        assert cell["rcts"] == want["levels"]["2"], key
        assert cell["randomized_participants"] == want["rct_n"], key
        cell["levels"] = {str(level): count for level, count in cell["levels"].items()}
        levels = [int(level) for level, count in want["levels"].items() if count]
        assert cell["best_level"] == (min(levels) if levels else None), key
        reg = registrations.get(key, {"ongoing": 0, "unpublished": 0})
        assert cell["ongoing_trials"] == reg["ongoing"], key
        assert cell["unpublished_trials"] == reg["unpublished"], key
    assert data["thresholds"] == {"min_rcts": 2, "min_randomized_participants": 300}
