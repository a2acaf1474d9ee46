"""Whose records a caller may see: the one value the permission check yields, applied inside service queries."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import false, or_, true
from sqlalchemy.sql.elements import ColumnElement

from pko.auth.roles import Scope


@dataclass(frozen=True)
class Visibility:
    """Every state's and organization's records (`states` None), or only those of the states and organizations named."""

    states: frozenset[str] | None = None
    organizations: frozenset[str] = frozenset()

    @property
    def everything(self) -> bool:
        return self.states is None

    @property
    def state(self) -> str | None:
        """The one state whose records alone are visible (a delegate's own), else None."""
        return next(iter(self.states)) if self.states is not None and len(self.states) == 1 else None

    def sees(self, *, state: str | None = None, organization: str | None = None) -> bool:
        """Whether a record owned by this state (or organization) is visible."""
        if self.states is None:
            return True
        return (state is not None and state in self.states) or (organization is not None and organization in self.organizations)

    def where(self, *, state=None, organization=None) -> ColumnElement[bool]:
        """The WHERE clause keeping the rows whose owning state column (or organization column) is visible."""
        if self.states is None:
            return true()
        terms = []
        if state is not None and self.states:
            terms.append(state.in_(sorted(self.states)))
        if organization is not None and self.organizations:
            terms.append(organization.in_(sorted(self.organizations)))
        return or_(*terms) if terms else false()


EVERYTHING = Visibility()
NOTHING = Visibility(frozenset())


def of_scope(scope: Scope | None, *, state_iso3: str | None, organization_code: str | None) -> Visibility:
    """The records a granted scope opens: all, the caller's state's, the caller's organization's, or none."""
    if scope is Scope.all:
        return EVERYTHING
    if scope is Scope.own_state and state_iso3:
        return Visibility(frozenset({state_iso3}))
    if scope is Scope.own_organization and organization_code:
        return Visibility(frozenset(), frozenset({organization_code}))
    return NOTHING
