-- Disable or enable an account; its sessions end.
update accounts set active = $active, session_epoch = session_epoch + 1 where username = $username
