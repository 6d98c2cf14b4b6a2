-- Audit log entries, newest first, filtered by user, action, a time range and a revealed person (each null: any).
select id, logged_at, username, action, target, area, reason, address
from audit_log
where ($username is null or username = $username)
  and ($action is null or action = $action)
  and ($since is null or logged_at >= $since)
  and ($until is null or logged_at < $until)
  and ($subject is null or subject = $subject)
order by logged_at desc, id desc
limit $limit
