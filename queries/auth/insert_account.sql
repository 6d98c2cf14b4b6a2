-- A new account.
insert into accounts (username, display_name, role, county, township, password_hash, external_id, active, session_epoch,
                      created_at, created_by)
values ($username, $display_name, $role, $county, $township, $password_hash, $external_id, true, 0,
        current_localtimestamp(), $created_by)
