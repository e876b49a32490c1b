#!/bin/sh
# One-shot MinIO set-up (the minio-init service): an application user limited to the tenant
# buckets, so the services never hold the root credentials. Buckets themselves are created by
# the platform, one per tenant (<RENOFLOW_MINIO_BUCKET_PREFIX><tenant>), with versioning on and,
# with RENOFLOW_MINIO_OBJECT_LOCK=true, S3 Object Lock — which can only be chosen when a bucket
# is created, hence nothing is pre-created here. Safe to run again: every step is idempotent.
set -eu
: "${MINIO_ROOT_USER:?required}"
: "${MINIO_ROOT_PASSWORD:?required}"
: "${RENOFLOW_MINIO_ACCESS_KEY:?required}"
: "${RENOFLOW_MINIO_SECRET_KEY:?required}"

mc alias set local http://minio:9000 "$MINIO_ROOT_USER" "$MINIO_ROOT_PASSWORD"
mc admin user add local "$RENOFLOW_MINIO_ACCESS_KEY" "$RENOFLOW_MINIO_SECRET_KEY"
# `policy create` replaces an existing policy of that name, so an edited policy file takes effect.
mc admin policy create local renoflow-documents /deploy/minio/renoflow-documents-policy.json
mc admin policy attach local renoflow-documents --user "$RENOFLOW_MINIO_ACCESS_KEY" \
  || echo "renoflow-documents already attached to $RENOFLOW_MINIO_ACCESS_KEY"
echo "minio-init: user $RENOFLOW_MINIO_ACCESS_KEY may use buckets renoflow-*"
