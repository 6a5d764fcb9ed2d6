"""A citizen's own cases on any phone: a code by SMS to the contact phone opens a
session that lists and acts on every case with that phone (docs/citizens.md)."""
