"""What a soak run prints, and what counts as a failure.

The figures the issue asks for come first (pledges, reports, reminders, kills
survived); the lines after them explain the run: what the pledgers went through, the
adversity dealt, the deliveries, the kills. A failure is anything duplicated, lost or
altered, a reminder sent twice or missing, an input the bot acknowledged and never
answered (except where DESIGN.md has the bot acknowledge first: Slack commands and
interactions), a pledger who could not finish, a process that died on its own, or a call
the platform would refuse."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

from bench.soak_figures import Tally
from bench.soak_fleet import Fleet
from bench.soak_people import SLACK_ACTION, SLACK_COMMAND
from bench.soak_platforms import DeliveryStats
from bench.soak_pledgers import Outcome

ACK_FIRST = frozenset({SLACK_ACTION, SLACK_COMMAND})
SPEC_KEYS = ("confirmed", "stored", "duplicated", "lost")


@dataclass
class Result:
    label: str
    lines: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return bool(self.problems)


@dataclass
class Report:
    """Collects a run's lines in the order they are printed."""

    label: str
    figures: list[str] = field(default_factory=list)
    details: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def result(self) -> Result:
        return Result(self.label, [*self.figures, *self.details, *self.notes],
                      list(self.problems))

    def tally(self, what: str, tally: Tally, failing: tuple[str, ...],
              keys: tuple[str, ...] | None = None) -> None:
        counts = {k: tally.counts[k] for k in keys} if keys else tally.counts
        self.figures.append(f"{self.label} {what}: "
                            + ", ".join(f"{k} {n}" for k, n in counts.items()))
        bad = [f"{k} {tally.counts[k]}" for k in failing if tally.counts.get(k)]
        if bad:
            self.problems.append(f"{what}: " + ", ".join(bad))
            self.problems += [f"{what}: {p}" for p in tally.problems]
        self.notes += [f"{self.label} note: {p}" for p in tally.notes]

    def pledgers(self, outcomes: list[Outcome], altered: int) -> None:
        unanswered = sum((o.unanswered for o in outcomes), start=Counter[str]())
        lost = {k: n for k, n in unanswered.items() if k not in ACK_FIRST}
        if lost:
            self.problems.append("inputs acknowledged 2xx but never answered: "
                                 + ", ".join(f"{n} {k}" for k, n in sorted(lost.items())))
        nudged = sum((o.nudged for o in outcomes), start=Counter[str]())
        cut = {k: n for k, n in nudged.items() if k not in ACK_FIRST}
        if cut:
            self.problems.append("answers cut short (the question never came): "
                                 + ", ".join(f"after {n} {k}" for k, n in sorted(cut.items())))
        self.problems += [f"pledger {o.plan.index} ({o.plan.channel}) did not finish: "
                          f"{o.stuck}" for o in outcomes if not o.finished]
        self.details.append(
            f"{self.label} pledgers: finished {sum(o.finished for o in outcomes)} of "
            f"{len(outcomes)}, answers altered {altered}, inputs "
            f"{sum(o.inputs for o in outcomes)}, unanswered {sum(unanswered.values())} ("
            + ", ".join(f"{k}s {n}" for k, n in sorted(unanswered.items()))
            + f"), cut short {sum(nudged.values())}, undeliverable while down "
            f"{sum(o.undelivered for o in outcomes)}, pledged again "
            f"{sum(o.pledged_again for o in outcomes)}, slowest answer "
            f"{max((o.slowest for o in outcomes), default=0):.1f}s")

    def adversity(self, counts: Mapping[str, int]) -> None:
        self.details.append(f"{self.label} adversity: "
                            + ", ".join(f"{name} {n}" for name, n in sorted(counts.items())))

    def deliveries(self, telegram: DeliveryStats, slack: DeliveryStats,
                   late_cancelled: int) -> None:
        self.details.append(f"{self.label} deliveries: telegram {telegram.line()}; slack "
                            f"{slack.line()}; late ones cut off {late_cancelled}")

    def kills(self, fleet: Fleet, finished: bool) -> None:
        """Every kill was survived when the run finished; none is claimed otherwise."""
        count = len(fleet.kills)
        self.figures.append(f"{self.label} kills survived: {count}" if finished else
                            f"{self.label} kills survived: 0 of {count} (the run did not "
                            f"finish)")
        self.problems += list(fleet.crashes)
        kills = "; ".join(f"{k.slot} ({k.reason})" for k in fleet.kills) or "none"
        self.details.append(f"{self.label} kills: {kills}")

    def refused(self, refusals: list[tuple[str, str]]) -> None:
        self.problems += [f"the platform refused {method}: {why[:300]}"
                          for method, why in refusals]

    def line(self, text: str) -> None:
        self.details.append(f"{self.label} {text}")
