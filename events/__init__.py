"""Round tables: bookings, the waiting list, reminders and what each round table said."""
