-- Portable SQL (H2 and PostgreSQL), like V1. The recruitment funnel (hub/followup/Funnel).

-- The later stages of an enquiry, after its first response, each with the day it happened:
-- session (information session attended), registration (registration of interest: stage 1
-- begins), stage2 (stage 2 begins), approved; or the end of it: withdrawn or not-progressed, with
-- a reason from a fixed list (EnquiryStore.REASONS). A row per stage reached, not columns on
-- enquiries: each stage keeps who recorded it and when, stages may be recorded in any order, and
-- nothing here is personal, so retention (which erases the sealed part and person_index) leaves
-- these rows and the funnel's figures as they were.
CREATE TABLE enquiry_stages (
    device_id    VARCHAR(63)   NOT NULL,
    record_id    UUID          NOT NULL,
    stage        VARCHAR(16)   NOT NULL,
    on_date      DATE          NOT NULL,
    reason       VARCHAR(32),
    recorded_by  VARCHAR(64)   NOT NULL,
    recorded_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT enquiry_stages_pk PRIMARY KEY (device_id, record_id, stage),
    CONSTRAINT enquiry_stages_enquiry_fk FOREIGN KEY (device_id, record_id) REFERENCES enquiries (device_id, record_id)
);
