-- Helper functions for members of "admin" to manage roles without being superuser.
-- Same names, signatures and behaviour as the functions Spilo installs in every database;
-- written for Tusk. ${HUMAN_ROLE} is replaced by the quoted human role name.
CREATE SCHEMA IF NOT EXISTS user_management;
GRANT USAGE ON SCHEMA user_management TO admin;

CREATE OR REPLACE FUNCTION user_management.random_password(length integer)
RETURNS text LANGUAGE sql
SET search_path TO pg_catalog
AS $fn$
  WITH alphabet(ch) AS (
    SELECT chr(33)
    UNION ALL SELECT chr(code) FROM generate_series(35, 38) AS code
    UNION ALL SELECT chr(code) FROM generate_series(42, 90) AS code
    UNION ALL SELECT chr(code) FROM generate_series(97, 122) AS code
  ), pool(ch) AS (
    SELECT ch FROM alphabet, generate_series(1, length) ORDER BY random()
  )
  SELECT substr(string_agg(ch, ''), 1, length) FROM pool
$fn$;

CREATE OR REPLACE FUNCTION user_management.create_application_user(username text)
RETURNS text LANGUAGE plpgsql SECURITY DEFINER
SET search_path TO pg_catalog
AS $fn$
DECLARE
  secret text := user_management.random_password(20);
BEGIN
  EXECUTE format('CREATE USER %I WITH PASSWORD %L', username, secret);
  RETURN secret;
END
$fn$;
REVOKE ALL ON FUNCTION user_management.create_application_user(text) FROM public;
GRANT EXECUTE ON FUNCTION user_management.create_application_user(text) TO admin;

CREATE OR REPLACE FUNCTION user_management.alter_application_user(username text)
RETURNS text LANGUAGE plpgsql SECURITY DEFINER
SET search_path TO pg_catalog
AS $fn$
DECLARE
  secret text := user_management.random_password(20);
BEGIN
  EXECUTE format('ALTER ROLE %I WITH PASSWORD %L', username, secret);
  RETURN secret;
END
$fn$;
REVOKE ALL ON FUNCTION user_management.alter_application_user(text) FROM public;
GRANT EXECUTE ON FUNCTION user_management.alter_application_user(text) TO admin;

CREATE OR REPLACE FUNCTION user_management.create_user(username text)
RETURNS void LANGUAGE plpgsql SECURITY DEFINER
SET search_path TO pg_catalog
AS $fn$
BEGIN
  EXECUTE format('CREATE USER %I IN ROLE ${HUMAN_ROLE}, admin', username);
  EXECUTE format('ALTER ROLE %I SET log_statement TO ''all''', username);
END
$fn$;
REVOKE ALL ON FUNCTION user_management.create_user(text) FROM public;
GRANT EXECUTE ON FUNCTION user_management.create_user(text) TO admin;

CREATE OR REPLACE FUNCTION user_management.create_role(rolename text)
RETURNS void LANGUAGE plpgsql SECURITY DEFINER
SET search_path TO pg_catalog
AS $fn$
BEGIN
  EXECUTE format('CREATE ROLE %I WITH ADMIN admin', rolename);
END
$fn$;
REVOKE ALL ON FUNCTION user_management.create_role(text) FROM public;
GRANT EXECUTE ON FUNCTION user_management.create_role(text) TO admin;

CREATE OR REPLACE FUNCTION user_management.create_application_user_or_change_password(
  username text, password text)
RETURNS void LANGUAGE plpgsql SECURITY DEFINER
SET search_path TO pg_catalog
AS $fn$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = username) THEN
    EXECUTE format('ALTER ROLE %I WITH PASSWORD %L', username, password);
  ELSE
    EXECUTE format('CREATE USER %I WITH PASSWORD %L', username, password);
  END IF;
END
$fn$;
REVOKE ALL ON FUNCTION user_management.create_application_user_or_change_password(text, text)
  FROM public;
GRANT EXECUTE ON FUNCTION user_management.create_application_user_or_change_password(text, text)
  TO admin;

CREATE OR REPLACE FUNCTION user_management.revoke_admin(username text)
RETURNS void LANGUAGE plpgsql SECURITY DEFINER
SET search_path TO pg_catalog
AS $fn$
BEGIN
  EXECUTE format('REVOKE admin FROM %I', username);
END
$fn$;
REVOKE ALL ON FUNCTION user_management.revoke_admin(text) FROM public;
GRANT EXECUTE ON FUNCTION user_management.revoke_admin(text) TO admin;

CREATE OR REPLACE FUNCTION user_management.drop_user(username text)
RETURNS void LANGUAGE plpgsql SECURITY DEFINER
SET search_path TO pg_catalog
AS $fn$
BEGIN
  EXECUTE format('DROP ROLE %I', username);
END
$fn$;
REVOKE ALL ON FUNCTION user_management.drop_user(text) FROM public;
GRANT EXECUTE ON FUNCTION user_management.drop_user(text) TO admin;

CREATE OR REPLACE FUNCTION user_management.drop_role(username text)
RETURNS void LANGUAGE sql SECURITY DEFINER
SET search_path TO pg_catalog
AS $fn$
  SELECT user_management.drop_user(username)
$fn$;
REVOKE ALL ON FUNCTION user_management.drop_role(text) FROM public;
GRANT EXECUTE ON FUNCTION user_management.drop_role(text) TO admin;

CREATE OR REPLACE FUNCTION user_management.terminate_backend(pid integer)
RETURNS boolean LANGUAGE sql SECURITY DEFINER
SET search_path TO pg_catalog
AS $fn$
  SELECT pg_terminate_backend(pid)
$fn$;
REVOKE ALL ON FUNCTION user_management.terminate_backend(integer) FROM public;
GRANT EXECUTE ON FUNCTION user_management.terminate_backend(integer) TO admin;

GRANT SELECT ON pg_catalog.pg_stat_activity TO admin;
