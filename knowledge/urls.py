from django.urls import path

from knowledge import views

urlpatterns = [
    path("knowledge/", views.KnowledgeListView.as_view(), name="knowledge-list"),
    path(
        "knowledge/suggest/",
        views.KnowledgeSuggestView.as_view(),
        name="knowledge-suggest",
    ),
    path(
        "knowledge/<int:pk>/",
        views.KnowledgeDetailView.as_view(),
        name="knowledge-detail",
    ),
    path(
        "knowledge/<int:pk>/vote/",
        views.KnowledgeVoteView.as_view(),
        name="knowledge-vote",
    ),
    path(
        "knowledge/<int:pk>/resolved/",
        views.KnowledgeSelfServedView.as_view(),
        name="knowledge-resolved",
    ),
]
