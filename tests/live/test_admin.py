"""The live desk in the admin: post an update (with a photo), edit, withdraw,
restore, end the coverage; who may do what."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from live.models import LiveCoverage, LiveUpdate
from tests.factories import ArticleFactory, UserFactory
from tests.helpers import encode, marked_picture, upload
from tests.live.factories import LiveCoverageFactory, LiveUpdateFactory

pytestmark = pytest.mark.django_db


def desk(coverage: LiveCoverage) -> str:
    return reverse("admin:live_livecoverage_desk", args=[coverage.pk])


def member_of(group: str):
    user = UserFactory(username=f"member-{group}", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


def test_an_update_posted_from_the_desk_is_on_the_page(editor_client, editor):
    coverage = LiveCoverageFactory()

    response = editor_client.post(
        desk(coverage),
        {
            "action": "publish",
            "title": "بداية التصويت",
            "body": "<p>بدأ التصويت على النقطة 3.</p>",
            "key_event": "on",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == desk(coverage)
    update = coverage.updates.get()
    assert update.key_event
    assert update.author == editor
    page = editor_client.get(coverage.article.get_absolute_url()).content.decode()
    assert "بدأ التصويت على النقطة 3." in page


def test_an_update_with_a_photo_uploads_it_cleaned(editor_client):
    coverage = LiveCoverageFactory()

    editor_client.post(
        desk(coverage),
        {
            "action": "publish",
            "body": "<p>القاعة ممتلئة.</p>",
            "photo_file": upload(encode(marked_picture((1200, 800)))),
            "photo_alt": "أعضاء المجلس في القاعة",
            "photo_credit": "الجريدة",
        },
    )

    photo = coverage.updates.get().photo
    assert photo.alt == "أعضاء المجلس في القاعة"
    assert photo.credit == "الجريدة"
    assert photo.renditions


def test_a_photo_without_its_description_is_refused_and_nothing_stored(
    editor_client,
):
    coverage = LiveCoverageFactory()

    response = editor_client.post(
        desk(coverage),
        {
            "action": "publish",
            "body": "<p>القاعة ممتلئة.</p>",
            "photo_file": upload(encode(marked_picture())),
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors["photo_alt"]
    assert not coverage.updates.exists()


def test_an_empty_update_is_refused(editor_client):
    coverage = LiveCoverageFactory()

    response = editor_client.post(desk(coverage), {"action": "publish", "body": ""})

    assert response.status_code == 200
    assert response.context["form"].errors["body"]
    assert not coverage.updates.exists()


def test_withdraw_then_restore_from_the_desk(editor_client):
    update = LiveUpdateFactory()

    editor_client.post(
        desk(update.coverage), {"action": "withdraw", "update": update.pk}
    )
    update.refresh_from_db()
    assert update.withdrawn
    editor_client.post(
        desk(update.coverage), {"action": "restore", "update": update.pk}
    )
    update.refresh_from_db()
    assert not update.withdrawn


def test_an_update_of_another_page_cannot_be_withdrawn_from_this_desk(editor_client):
    update = LiveUpdateFactory()
    other = LiveCoverageFactory()

    editor_client.post(desk(other), {"action": "withdraw", "update": update.pk})

    update.refresh_from_db()
    assert not update.withdrawn


def test_editing_an_update_goes_back_to_its_desk(editor_client):
    update = LiveUpdateFactory()
    url = reverse("admin:live_liveupdate_change", args=[update.pk])

    published = timezone.localtime(update.published_at)

    response = editor_client.post(
        url,
        {
            "title": "تصحيح",
            "body": "<p>صوت 30 عضواً لا 13.</p>",
            "published_at_0": f"{published:%Y-%m-%d}",
            "published_at_1": f"{published:%H:%M}",
        },
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert response["Location"] == desk(update.coverage)
    update.refresh_from_db()
    assert update.body == "<p>صوت 30 عضواً لا 13.</p>"


def test_ending_the_coverage_from_the_desk(editor_client):
    coverage = LiveCoverageFactory()

    editor_client.post(desk(coverage), {"action": "end"})

    coverage.refresh_from_db()
    assert coverage.ended_at is not None
    # An ended page takes no more updates from the desk.
    assert editor_client.get(desk(coverage)).context["form"] is None


def test_starting_a_live_page_opens_its_desk(editor_client):
    article = ArticleFactory()
    started = timezone.localtime(article.published_at)

    response = editor_client.post(
        reverse("admin:live_livecoverage_add"),
        {
            "article": article.pk,
            "started_at_0": f"{started:%Y-%m-%d}",
            "started_at_1": f"{started:%H:%M}",
        },
    )

    coverage = LiveCoverage.objects.get(article=article)
    assert response.status_code == 302
    assert response["Location"] == desk(coverage)


def test_an_author_posts_updates_but_cannot_end_the_coverage(client):
    coverage = LiveCoverageFactory()
    client.force_login(member_of("Authors"))

    assert client.get(desk(coverage)).status_code == 200
    client.post(desk(coverage), {"action": "publish", "body": "<p>خبر قصير.</p>"})
    assert client.post(desk(coverage), {"action": "end"}).status_code == 403

    assert coverage.updates.count() == 1
    coverage.refresh_from_db()
    assert coverage.ended_at is None


def test_an_editor_runs_live_pages(client):
    coverage = LiveUpdateFactory().coverage
    client.force_login(member_of("Editors"))

    client.post(desk(coverage), {"action": "end"})

    coverage.refresh_from_db()
    assert coverage.ended_at is not None


def test_a_comment_moderator_has_no_desk(client):
    coverage = LiveCoverageFactory()
    client.force_login(member_of("Comment moderators"))

    assert client.get(desk(coverage)).status_code == 403


def test_the_desk_lists_every_update_withdrawn_ones_marked(editor_client):
    shown = LiveUpdateFactory(title="ظاهر")
    LiveUpdateFactory(coverage=shown.coverage, title="مسحوب", withdrawn=True)

    page = editor_client.get(desk(shown.coverage)).content.decode()

    assert "ظاهر" in page
    assert "مسحوب" in page
    assert page.count("live-desk__update--withdrawn") == 1


def test_withdraw_action_in_the_update_list(editor_client):
    update = LiveUpdateFactory()

    editor_client.post(
        reverse("admin:live_liveupdate_changelist"),
        {"action": "withdraw", "_selected_action": [update.pk]},
    )

    assert LiveUpdate.objects.get(pk=update.pk).withdrawn
