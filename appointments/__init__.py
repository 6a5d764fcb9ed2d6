"""预约: booking a time at a window for a service type, the materials pre-check
(预检) and the visit's rating. docs/appointments.md gives the rules."""
