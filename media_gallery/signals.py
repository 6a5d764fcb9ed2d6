"""Files leave storage with their row, however the row goes.

A receiver rather than the delete services alone, because rows also go in bulk
(the admin's delete action) and by cascade (an album takes its photos along), and
Django sends post_delete for each of them. The files are removed on commit, so a
delete that is rolled back keeps them.
"""

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from kernel import images
from media_gallery.models import Photo, Poster


@receiver(post_delete, sender=Poster, dispatch_uid="media_gallery.poster_files")
@receiver(post_delete, sender=Photo, dispatch_uid="media_gallery.photo_files")
def remove_files(sender, instance, using, **kwargs):
    storage = sender._meta.get_field("image").storage
    names = instance.file_names
    transaction.on_commit(
        lambda: images.delete_files(storage=storage, names=names), using=using
    )
