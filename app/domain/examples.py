"""Ids and instants shared by the examples in the OpenAPI document.

The examples tell one story, so a reader can follow an id from one operation to the next: the
Gimnaziul nr. 1 in Călărași records a child-protection concern about Ana Rusu and refers it to the
mayoralty, which opens a case with an assessment and a child's plan; the same school meets a
concern about Ștefan Căpățînă's absences itself, with a single-agency plan. The professionals are
the demo users of `girfec serve --demo`, so the examples match what they see there.
"""

# Children. The IDNPs have valid check digits (app.domain.idnp.make_idnp).
ANA_RUSU_ID = "7c9e6679-7425-40de-944b-e07fc1f90ae7"
ANA_RUSU_IDNP = "2014003012342"
STEFAN_CAPATINA_ID = "3862df68-b123-4656-ab84-a30cc2d8de6e"
STEFAN_CAPATINA_IDNP = "2012041025672"

# Organisations.
SCHOOL_ID = "4b0f5a0e-beec-4be5-b86b-1b7fe25b141b"  # Gimnaziul nr. 1 Călărași
MAYORALTY_ID = "76909839-62da-4b79-916f-5321309445b9"  # Primăria Călărași
DIRECTORATE_ID = "51a25611-c359-4a3e-939e-34464d23b308"  # DASPF Călărași
FAMILY_SUPPORT_ID = "e65712ea-5170-4ee7-87d1-98c92c8d8940"  # a service provider, Călărași
UNGHENI_MAYORALTY_ID = "146ea84f-ccde-4c40-b0da-9526bd09a475"  # Primăria Ungheni
POLICE_UNIT_ID = "a0d2b3c4-1e5f-4a6b-8c7d-9e0f1a2b3c4d"  # Inspectoratul de Poliție Călărași

# Professionals: the demo users.
ADMIN_ID = "00000000-0000-4000-8000-000000000001"
DESIGNATED_PERSON_ID = "00000000-0000-4000-8000-000000000002"  # Mariana Ceban, the school
POLICE_OFFICER_ID = "00000000-0000-4000-8000-000000000004"
SOCIAL_WORKER_ID = "00000000-0000-4000-8000-000000000005"  # Svetlana Popova, the mayoralty
SUPERVISOR_ID = "00000000-0000-4000-8000-000000000006"  # Victor Munteanu, the directorate
# Not a demo user: the directorate's data protection officer, who reviews break-the-glass openings.
DATA_PROTECTION_OFFICER_ID = "5d0c7e2b-8a41-4f3e-9b6d-2c1a0e9f8b7a"

# Ana's records.
CONCERN_ID = "799f002a-4f51-460a-9a39-cd0d7eac0ea5"
REFERRAL_ID = "e1c3725d-3f7f-4c18-b318-3aaced5dd25c"
CASE_ID = "1706d4a3-75a5-4f06-8fb8-7c00f2ab9ab1"
ASSESSMENT_ID = "34f0febb-3700-42be-bd1f-1489396c2ea4"
PLAN_ID = "75e73824-480b-4a4e-878e-a90b0c433dcb"
OBJECTIVE_ID = "b2735942-fcfb-4e81-9ee5-aab783133d0d"
ACTION_ID = "c92c4d40-8841-4f84-b570-36311a1527b3"
REVIEW_ID = "83ee8344-f6bf-410b-90e7-0da828564bcf"
OBSERVATION_ID = "700bb22c-c2bb-4d1c-8a56-af2a741e2701"
FAMILY_MEMBER_ID = "21f394cd-51c7-4b40-a84a-41fe1b8d9525"
ATTENDANCE_ID = "05e37631-e8fb-416d-b4df-dccb157ba7d6"  # Ana at the school
TEAM_MEMBER_ID = "29f6729e-56e2-4616-9a60-4e3510ee9695"
SHARING_BASIS_ID = "5d0c8f4e-2b7a-4c1e-9a36-8f1b2e4d7c90"  # the exemption Ana's referral carries
CONSENT_ID = "a3e5b7c9-1d2f-4e6a-8b0c-2d4f6a8b0c1e"  # Ștefan's mother's consent
DEADLINE_ID = "32ad9883-6ca5-484b-a70f-bb52d33c3bb6"
EVENT_ID = "05e10be9-33c1-4f87-99f8-c1f563c9079f"
# The police officer opened Ana's family outside their scope, one night, in an emergency.
BREAK_GLASS_OPENING_ID = "f3b9a1c7-6d2e-4b8a-9f05-7e1c3d2a4b6e"
BREAK_GLASS_OPENED_AT = "2025-03-14T21:40:00Z"
BREAK_GLASS_REVIEWED_AT = "2025-03-17T09:15:00Z"

# Ștefan's records.
INBOX_MESSAGE_ID = "0b6f2c1e-8d4a-4e7b-9c3f-5a1d2e3f4a5b"
ABSENCE_CONCERN_ID = "8a8f55f5-6144-444c-99bd-6cd7b0b7aa0e"
SINGLE_AGENCY_PLAN_ID = "6ba6bba3-7062-4116-884d-181703c89694"

# When: the concern on Tuesday 11 March 2025 in Călărași (UTC+2), everything after in UTC.
REGISTERED_AT = "2025-01-20T10:15:00Z"
OBSERVED_AT = "2025-03-11T09:30:00+02:00"
CONCERN_RECORDED_AT = "2025-03-11T08:05:00Z"
REFERRED_AT = "2025-03-11T10:20:00Z"
ACCEPTED_AT = "2025-03-11T14:45:00Z"
PLANNING_STARTED_AT = "2025-03-21T11:00:00Z"
PLAN_ACTIVATED_AT = "2025-03-25T10:00:00Z"
