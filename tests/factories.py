"""Factories for the suite (factory_boy and wagtail-factories)."""

from __future__ import annotations

import datetime

import factory
import wagtail_factories
from factory.django import DjangoModelFactory
from wagtail.models import Collection

from news.models import LatestUpdatesPage, Person


class PersonFactory(DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Person {n}")
    role = "Spokesperson"
    organisation = "Ministry of Defence"


class ImageFactory(wagtail_factories.ImageFactory):
    title = factory.Sequence(lambda n: f"Photo {n}")
    # wagtail-factories would make a second root collection outside everyone's permissions.
    collection = factory.LazyFunction(Collection.get_first_root_node)
    file = factory.django.ImageField(
        width=1200, height=800, color="navy", filename="photo.png", format="PNG"
    )


class LatestUpdatesPageFactory(wagtail_factories.PageFactory):
    """An unpublished post; publish it with `tests.helpers.publish`."""

    class Meta:
        model = LatestUpdatesPage

    title = factory.Sequence(lambda n: f"Update {n}")
    standfirst = "Ministers met to agree the next steps."
    dateline = datetime.date(2024, 12, 3)
    live = False
    body = factory.LazyFunction(lambda: [("paragraph", "<p>Talks continued in Brussels.</p>")])
