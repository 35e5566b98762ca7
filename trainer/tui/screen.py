"""Typed bases for the app's screens: `self.app` is the TrainerApp, with its services."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from textual.screen import ModalScreen, Screen

if TYPE_CHECKING:
    from textual import getters

    from trainer.tui.app import TrainerApp

ResultType = TypeVar("ResultType")


class TrainerScreen(Screen[ResultType]):
    """A full screen of the app."""

    if TYPE_CHECKING:
        app = getters.app(TrainerApp)


class TrainerModal(ModalScreen[ResultType]):
    """A dialog over another screen of the app."""

    if TYPE_CHECKING:
        app = getters.app(TrainerApp)
