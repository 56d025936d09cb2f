"""HL7 v2 (ER7) from clinics: a referral (REF^I12) becomes a concern, a patient registration or
update (ADT^A04, ADT^A08) links the clinic's identifier to the child; every message is answered
with an ACK."""
