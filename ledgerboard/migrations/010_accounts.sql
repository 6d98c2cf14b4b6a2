-- Schema version 10: accounts with a role and an area scope, and the append-only audit log.
create table if not exists accounts (
    username varchar primary key,
    display_name varchar,
    role varchar not null,              -- admin (管理) | analyst (填报) | viewer (查看)
    county varchar,                     -- scope: null means every county
    township varchar,                   -- scope: null means every township of the county
    password_hash varchar,              -- argon2id; null for accounts that sign in only through OIDC or the SSO proxy
    external_id varchar,                -- the OIDC e-mail or subject this account answers to
    active boolean not null default true,
    session_epoch integer not null default 0,   -- raised on logout, password change and disabling: older session cookies stop working
    created_at timestamp not null,
    created_by varchar
);

-- Written only by ledgerboard.auditlog.record (queries/log/insert.sql); no query updates or deletes a row.
create sequence if not exists audit_log_id;
create table if not exists audit_log (
    id bigint primary key default nextval('audit_log_id'),
    logged_at timestamp not null,
    username varchar,                   -- who (as typed, for a failed login)
    action varchar not null,            -- login | login_failed | logout | import | undo | download | reveal | account | setting
    target varchar,                     -- what: file, table, account, setting, or the person (masked)
    area varchar,                       -- which area, as a label
    reason varchar,                     -- the reason stated for a reveal
    subject varchar,                    -- sha256 of a revealed ID number, to find every look at one person
    address varchar                     -- the client's address, 本机 for localhost and the command line
);
