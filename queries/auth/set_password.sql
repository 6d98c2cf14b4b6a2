-- A new password hash; sessions opened with the old password end.
update accounts set password_hash = $password_hash, session_epoch = session_epoch + 1 where username = $username
