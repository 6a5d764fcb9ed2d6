from django.urls import path

from feedback import views

urlpatterns = [
    path(
        "departments/<int:pk>/impressions/",
        views.DepartmentImpressionView.as_view(),
        name="department-impressions",
    ),
    path(
        "leaders/<int:pk>/reviews/",
        views.LeaderReviewView.as_view(),
        name="leader-reviews",
    ),
    path(
        "impression-tags/",
        views.ImpressionTagListView.as_view(),
        name="impression-tags",
    ),
    path(
        "cases/evaluation/",
        views.CaseEvaluationView.as_view(),
        name="case-evaluation",
    ),
]
