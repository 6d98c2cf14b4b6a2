-- Append one entry to the audit log (the only statement that writes it).
insert into audit_log (logged_at, username, action, target, area, reason, subject, address)
values (current_localtimestamp(), $username, $action, $target, $area, $reason, $subject, $address)
