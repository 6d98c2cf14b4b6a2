-- Failed logins of one user name since its last successful login or unlock, within the lock-out window; attempts refused while locked do not count.
select count(*) as failures, max(logged_at) as last_failure
from audit_log
where username = $username
  and action = 'login_failed'
  and coalesce(target, '') not in ($locked, $address_locked)
  and logged_at >= $window_start
  and logged_at > greatest(
      coalesce((select max(logged_at) from audit_log where username = $username and action = 'login'), timestamp '1900-01-01'),
      coalesce((select max(unlocked_at) from accounts where username = $username), timestamp '1900-01-01'))
