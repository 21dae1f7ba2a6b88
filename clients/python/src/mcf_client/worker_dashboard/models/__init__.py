"""Contains all the data models used in inputs/outputs"""

from .address import Address
from .breakdown import Breakdown
from .check_in import CheckIn
from .check_in_body import CheckInBody
from .file_report_body import FileReportBody
from .file_report_body_toys_item import FileReportBodyToysItem
from .file_report_body_toys_item_reaction import FileReportBodyToysItemReaction
from .fortune import Fortune
from .fortune_source import FortuneSource
from .health import Health
from .health_checks import HealthChecks
from .kit import Kit
from .location import Location
from .login import Login
from .offer import Offer
from .order_record import OrderRecord
from .photo_link import PhotoLink
from .pickup_point import PickupPoint
from .price import Price
from .problem import Problem
from .problem_checks import ProblemChecks
from .problem_errors import ProblemErrors
from .report import Report
from .token import Token
from .toy_reaction_out import ToyReactionOut
from .worker_order import WorkerOrder
from .worker_order_role import WorkerOrderRole

__all__ = (
    "Address",
    "Breakdown",
    "CheckIn",
    "CheckInBody",
    "FileReportBody",
    "FileReportBodyToysItem",
    "FileReportBodyToysItemReaction",
    "Fortune",
    "FortuneSource",
    "Health",
    "HealthChecks",
    "Kit",
    "Location",
    "Login",
    "Offer",
    "OrderRecord",
    "PhotoLink",
    "PickupPoint",
    "Price",
    "Problem",
    "ProblemChecks",
    "ProblemErrors",
    "Report",
    "Token",
    "ToyReactionOut",
    "WorkerOrder",
    "WorkerOrderRole",
)
