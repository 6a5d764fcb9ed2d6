from django.urls import path

from surveys import views

urlpatterns = [
    path("surveys/", views.SurveyListView.as_view(), name="surveys"),
    path("surveys/<int:pk>/", views.SurveyDetailView.as_view(), name="survey"),
    path(
        "surveys/<int:pk>/responses/",
        views.SurveyResponseView.as_view(),
        name="survey-responses",
    ),
    path(
        "surveys/<int:pk>/results/",
        views.SurveyResultsView.as_view(),
        name="survey-results",
    ),
]
