"""Contains all the data models used in inputs/outputs"""

from .add_cat import AddCat
from .add_cat_favourite_toys_item import AddCatFavouriteToysItem
from .address import Address
from .breakdown import Breakdown
from .cancellation import Cancellation
from .cancellation_cancelled_by import CancellationCancelledBy
from .cat import Cat
from .change_cat import ChangeCat
from .change_cat_favourite_toys_item import ChangeCatFavouriteToysItem
from .check_in import CheckIn
from .client import Client
from .client_cat import ClientCat
from .client_cat_locale import ClientCatLocale
from .fortune import Fortune
from .fortune_source import FortuneSource
from .health import Health
from .health_checks import HealthChecks
from .kit import Kit
from .list_orders_state import ListOrdersState
from .location import Location
from .login import Login
from .order import Order
from .order_report import OrderReport
from .order_status import OrderStatus
from .order_summary import OrderSummary
from .pay import Pay
from .payment import Payment
from .payment_status import PaymentStatus
from .photo_link import PhotoLink
from .pickup_point import PickupPoint
from .place_order import PlaceOrder
from .place_order_toy_category import PlaceOrderToyCategory
from .price import Price
from .problem import Problem
from .problem_checks import ProblemChecks
from .problem_errors import ProblemErrors
from .report import Report
from .sign_up import SignUp
from .sign_up_locale import SignUpLocale
from .signed_up import SignedUp
from .token import Token
from .toy_reaction import ToyReaction

__all__ = (
    "AddCat",
    "AddCatFavouriteToysItem",
    "Address",
    "Breakdown",
    "Cancellation",
    "CancellationCancelledBy",
    "Cat",
    "ChangeCat",
    "ChangeCatFavouriteToysItem",
    "CheckIn",
    "Client",
    "ClientCat",
    "ClientCatLocale",
    "Fortune",
    "FortuneSource",
    "Health",
    "HealthChecks",
    "Kit",
    "ListOrdersState",
    "Location",
    "Login",
    "Order",
    "OrderReport",
    "OrderStatus",
    "OrderSummary",
    "Pay",
    "Payment",
    "PaymentStatus",
    "PhotoLink",
    "PickupPoint",
    "PlaceOrder",
    "PlaceOrderToyCategory",
    "Price",
    "Problem",
    "ProblemChecks",
    "ProblemErrors",
    "Report",
    "SignUp",
    "SignUpLocale",
    "SignedUp",
    "Token",
    "ToyReaction",
)
