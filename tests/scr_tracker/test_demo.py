import pytest
from django.core.management import call_command
from django.urls import reverse

from assurance.models import AssuranceStatement
from fixtures.demo.data import DEMO_PASSWORD, load_demo
from recommendations.models import Action, Recommendation
from reviews.models import Review
from scr_tracker.models import Role, User
from tests.scr_tracker.mfa_helpers import post_password

pytestmark = pytest.mark.django_db

BABY_F_OPENINGS = [
    "Seek assurance that the recommendation for each GP practice",
    "Request that children's social care refresh its guidance on record keeping",
    "Reaffirm the importance of the voice of the child",
    "Ensure that agencies requesting information from children's social care",
    "Seek assurance that there is a robust operational system in place",
]


def counts():
    return (
        Review.objects.count(),
        Recommendation.objects.count(),
        Action.objects.count(),
        User.objects.count(),
    )


def test_demo_loads_baby_f_verbatim_with_key_dates():
    load_demo()
    review = Review.objects.get(title="Baby F")
    assert str(review.recommendations_agreed_date) == "2016-05-24"
    assert str(review.published_date) == "2018-08-29"
    texts = list(review.recommendations.order_by("position").values_list("text", flat=True))
    assert [t[: len(o)] for t, o in zip(texts, BABY_F_OPENINGS, strict=True)] == BABY_F_OPENINGS
    statement = AssuranceStatement.objects.get(
        recommendation__review=review, recommendation__number="5"
    )
    assert "95% compliance" in statement.narrative
    assert Recommendation.objects.get(review=review, number="1").label == "Child F Recommendation 1"


def test_demo_loading_is_idempotent():
    load_demo()
    first = counts()
    history_rows = Action.history.count()
    load_demo()
    assert counts() == first
    assert Action.history.count() == history_rows


def test_demo_has_one_user_per_role_and_a_second_partnership():
    load_demo()
    roles = dict(User.objects.values_list("username", "role"))
    assert roles == {
        "admin": Role.ADMINISTRATOR,
        "board.manager": Role.BOARD_MANAGER,
        "lead.health": Role.AGENCY_LEAD,
        "lead.socialcare": Role.AGENCY_LEAD,
        "scrutiny.member": Role.SCRUTINY_MEMBER,
        "scrutineer": Role.SCRUTINEER,
        "other.manager": Role.BOARD_MANAGER,
    }
    other = User.objects.get(username="other.manager")
    assert other.partnership != User.objects.get(username="board.manager").partnership


def test_demo_users_sign_in_with_the_printed_password(client):
    load_demo()
    post_password(client, "board.manager", DEMO_PASSWORD)
    assert "Baby F" in client.get(reverse("assurance:review_list")).content.decode()


def test_other_partnership_manager_cannot_see_baby_f(client):
    load_demo()
    client.force_login(User.objects.get(username="other.manager"))
    html = client.get(reverse("assurance:review_list")).content.decode()
    assert "Child Q" in html and "Baby F" not in html


def test_health_lead_sees_only_health_actions_on_baby_f(client):
    load_demo()
    client.force_login(User.objects.get(username="lead.health"))
    review = Review.objects.get(title="Baby F")
    html = client.get(reverse("assurance:review_detail", args=[review.pk])).content.decode()
    assert "Health visitors attend every GP practice safeguarding meeting" in html
    assert "Refresh the record-keeping and chronology practice guidance" not in html


def test_load_demo_command_prints_the_logins(capsys):
    call_command("load_demo")
    out = capsys.readouterr().out
    assert DEMO_PASSWORD in out and "board.manager" in out
    call_command("load_demo")
    assert "nothing to add" in capsys.readouterr().out


def test_navigation_shows_administration_only_to_administrators(client):
    load_demo()
    client.force_login(User.objects.get(username="admin"))
    assert 'href="/admin/"' in client.get(reverse("assurance:review_list")).content.decode()
    client.force_login(User.objects.get(username="board.manager"))
    assert 'href="/admin/"' not in client.get(reverse("assurance:review_list")).content.decode()


@pytest.mark.parametrize(
    ("username", "page"),
    [
        ("board.manager", "/assurance/dashboard/"),
        ("scrutineer", "/assurance/dashboard/"),
        ("lead.health", "/assurance/my-actions/"),
        ("admin", "/assurance/reviews/"),
    ],
)
def test_each_role_starts_on_the_page_it_works_from(client, username, page):
    load_demo()
    client.force_login(User.objects.get(username=username))
    response = client.get("/")
    assert response.status_code == 302 and response["Location"] == page
