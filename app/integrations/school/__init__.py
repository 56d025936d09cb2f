"""School registries: concerns in a OneRoster-style JSON (pupils and schools by the registry's
`sourcedId`) and attendance batches with Ed-Fi's StudentSchoolAttendanceEvent fields, as JSON or
CSV. See docs/integrations/school.md."""
