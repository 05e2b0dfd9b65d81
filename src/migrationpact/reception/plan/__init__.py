"""The Dublin shelter phase-in plan: places needed month by month, and where they come from.

Pure (no I/O): ``forecast`` (transfer decisions by month, from the cases or a file),
``parameters`` (the planning figures as cited data, and the transfer time limit from the rule
book), ``cohort`` (residents and places needed), ``supply`` (the sites that may shelter Dublin
claimants, with consent and build-up), ``phase_in`` (the plan). ``docs/reception.md``, "Dublin
shelter phase-in plan", explains the model and the JSON form.
"""

from migrationpact.reception.plan.cohort import Stay, places_needed, residents, stay_from
from migrationpact.reception.plan.forecast import (
    Forecast,
    ForecastError,
    forecast_from_cases,
    read_forecast,
)
from migrationpact.reception.plan.months import MonthError, month_of, parse_month
from migrationpact.reception.plan.parameters import (
    ParameterFile,
    PlanDataError,
    TransferLimit,
    default_parameters,
    transfer_limit,
)
from migrationpact.reception.plan.phase_in import PhaseInPlan, PlanMonth, make_plan
from migrationpact.reception.plan.supply import ShelterSite, shelter_sites

__all__ = [
    "Forecast",
    "ForecastError",
    "MonthError",
    "ParameterFile",
    "PhaseInPlan",
    "PlanDataError",
    "PlanMonth",
    "ShelterSite",
    "Stay",
    "TransferLimit",
    "default_parameters",
    "forecast_from_cases",
    "make_plan",
    "month_of",
    "parse_month",
    "places_needed",
    "read_forecast",
    "residents",
    "shelter_sites",
    "stay_from",
    "transfer_limit",
]
