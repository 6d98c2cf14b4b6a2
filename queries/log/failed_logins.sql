-- Failed logins of one user name since its last successful login, within the lock-out window: count and the latest.
select count(*) as failures, max(logged_at) as last_failure
from audit_log
where username = $username
  and action = 'login_failed'
  and logged_at >= $window_start
  and logged_at > coalesce((select max(logged_at) from audit_log where username = $username and action = 'login'), timestamp '1900-01-01')
