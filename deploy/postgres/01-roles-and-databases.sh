#!/usr/bin/env bash
# PostgreSQL first-start initialisation (docker-entrypoint-initdb.d): the three RenoFlow roles, one
# database per service owned by renoflow_owner, and Keycloak's own database.
#
# The official image runs this only when the data volume is empty; it is written so that running
# it again by hand (docker compose exec postgres bash /docker-entrypoint-initdb.d/01-roles-and-databases.sh)
# is harmless. Passwords reach SQL only as psql variables quoted with %L, never spliced into text.
set -euo pipefail

: "${RENOFLOW_DATABASE_OWNER_PASSWORD:?required}"
: "${RENOFLOW_DATABASE_APP_PASSWORD:?required}"
: "${RENOFLOW_DATABASE_RELAY_PASSWORD:?required}"
: "${KEYCLOAK_DB_PASSWORD:?required}"
prefix="${RENOFLOW_DATABASE_NAME_PREFIX:-renoflow_}"
services="${SERVICE_DATABASES:-sales contracts construction finance aftercare reporting}"

psql_admin() {
  psql -v ON_ERROR_STOP=1 --no-psqlrc --username "${POSTGRES_USER:-postgres}" "$@"
}

# Roles (architecture.md "Identity and tenancy"):
# - renoflow_owner owns the databases and runs the migrations; it is no superuser, so the FORCEd
#   row-level security policies apply to it too;
# - renoflow_app is what the services connect as: it neither owns the tables nor bypasses RLS;
# - renoflow_relay publishes the outbox across tenants, which is why it alone has BYPASSRLS
#   (its table grants are limited to the outbox by `renoflow db provision`).
psql_admin --dbname "${POSTGRES_DB:-postgres}" \
  -v owner_password="$RENOFLOW_DATABASE_OWNER_PASSWORD" \
  -v app_password="$RENOFLOW_DATABASE_APP_PASSWORD" \
  -v relay_password="$RENOFLOW_DATABASE_RELAY_PASSWORD" \
  -v keycloak_password="$KEYCLOAK_DB_PASSWORD" <<'SQL'
SELECT format('CREATE ROLE %I LOGIN', r) FROM unnest(ARRAY['renoflow_owner', 'renoflow_app', 'renoflow_relay', 'keycloak']) AS r
 WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = r) \gexec
SELECT format('ALTER ROLE renoflow_owner LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS PASSWORD %L', :'owner_password') \gexec
SELECT format('ALTER ROLE renoflow_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS PASSWORD %L', :'app_password') \gexec
SELECT format('ALTER ROLE renoflow_relay LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE BYPASSRLS PASSWORD %L', :'relay_password') \gexec
SELECT format('ALTER ROLE keycloak LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS PASSWORD %L', :'keycloak_password') \gexec
SELECT 'CREATE DATABASE keycloak OWNER keycloak' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'keycloak') \gexec
REVOKE ALL ON DATABASE keycloak FROM PUBLIC;
SQL

for service in $services; do
  db="${prefix}${service}"
  psql_admin --dbname "${POSTGRES_DB:-postgres}" -v db="$db" <<'SQL'
SELECT format('CREATE DATABASE %I OWNER renoflow_owner', :'db') WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'db') \gexec
-- Only the RenoFlow roles may connect; a service's database is no other service's business.
SELECT format('REVOKE ALL ON DATABASE %I FROM PUBLIC', :'db') \gexec
SELECT format('GRANT CONNECT ON DATABASE %I TO renoflow_app, renoflow_relay', :'db') \gexec
SQL
  # Inside the database: the owner role owns schema public (migrations create tables there) and
  # the other two may use it; table grants follow the tables, in `renoflow db provision`.
  psql_admin --dbname "$db" <<'SQL'
ALTER SCHEMA public OWNER TO renoflow_owner;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO renoflow_app, renoflow_relay;
SQL
  echo "renoflow: database ${db} ready (owner renoflow_owner)"
done
