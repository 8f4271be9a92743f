"""Work caps: how much searching one repair may still do.

Most stages are linear scans.  The few that *search* (the visual-order RTL search, the
hunt for evidence of dropped text) draw from a budget sized by the text, shared by every
pass of one repair; past it they flag what they see instead of searching, so that hostile
input stays linear.

>>> b = WorkBudget(10)
>>> b.spend(6), b.spend(6), b.left
(True, False, 4)
"""

from __future__ import annotations


class WorkBudget:
    """Units of work (characters read or displayed) a search may still spend."""

    def __init__(self, units: int) -> None:
        self.left = units

    def spend(self, units: int) -> bool:
        """Take ``units``; False, and nothing taken, when the budget cannot pay them."""
        if units > self.left:
            return False
        self.left -= units
        return True
