"""The yearly report extract's timeliness figures (issue 19): serious incident notifications
and rapid reviews on time, local reviews published within six months, counted for the
partnership's live reviews over the report's period. Counts only: no review is named, so
exempt reviews are safe in the public version too."""

import datetime

from reviews.figures import Timeliness, timeliness
from reviews.models import Review


def yearly_timeliness(partnership, start: datetime.date, end: datetime.date) -> list[Timeliness]:
    return timeliness(Review.objects.active().filter(partnership=partnership), start, end)
