"""The newsroom's roles, as the groups made by the migration give them."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group

from articles import workflow
from tests.factories import UserFactory


def member(username: str, group: str):
    """A staff user whose only permissions come from `group`."""
    user = UserFactory(username=username, is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def author(db):
    return member("author", workflow.AUTHORS)


@pytest.fixture
def other_author(db):
    return member("other-author", workflow.AUTHORS)


@pytest.fixture
def desk_editor(db):
    return member("desk-editor", workflow.EDITORS)


@pytest.fixture
def moderator(db):
    return member("moderator", workflow.COMMENT_MODERATORS)


@pytest.fixture
def author_client(client, author):
    client.force_login(author)
    return client


@pytest.fixture
def desk_client(client, desk_editor):
    client.force_login(desk_editor)
    return client


@pytest.fixture
def moderator_client(client, moderator):
    client.force_login(moderator)
    return client
