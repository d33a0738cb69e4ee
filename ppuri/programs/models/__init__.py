"""The programs of the 2019 agreement and beside it (issue 17): the agreement's commitments against the
records that prove them, projects with budgets and milestones (the Namdong regeneration, the Seobu
free-economic-zone bid), the investment pipeline, company visits (BRE) and matchmaking days."""

from ppuri.programs.models.agreements import Agreement, Commitment, CommitmentPeriod, Partner
from ppuri.programs.models.documents import Document
from ppuri.programs.models.events import (
    Event,
    EventSession,
    EventTable,
    Meeting,
    MeetingRequest,
    MeetingSeat,
    Participant,
    Slot,
)
from ppuri.programs.models.investment import Lead, LeadStageChange
from ppuri.programs.models.projects import (
    BudgetChange,
    BudgetLine,
    Milestone,
    Output,
    Project,
    SubProject,
)
from ppuri.programs.models.visits import FollowUp, Visit

__all__ = [
    "Agreement",
    "BudgetChange",
    "BudgetLine",
    "Commitment",
    "CommitmentPeriod",
    "Document",
    "Event",
    "EventSession",
    "EventTable",
    "FollowUp",
    "Lead",
    "LeadStageChange",
    "Meeting",
    "MeetingRequest",
    "MeetingSeat",
    "Milestone",
    "Output",
    "Participant",
    "Partner",
    "Project",
    "Slot",
    "SubProject",
    "Visit",
]
