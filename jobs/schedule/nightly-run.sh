#!/usr/bin/env bash
# Nightly run of RD06-05 on tonight's exports: today's date as run date, a dated output
# folder, exit status non-zero when the run did not complete (so cron mails it and systemd
# marks the unit failed). Restarting the same night resumes the failed run.
#
# Settings (environment): RTM_HOME (the installed project folder), RTM_EXPORTS (where the
# registries drop their exports: RTM_EXPORTS/rheum and RTM_EXPORTS/nephro), RTM_OUT (where the
# dated output folders go), RTM_DB_ARGS (e.g. --spring.datasource.url=... for PostgreSQL),
# JAVA_OPTS (e.g. -Xmx512m), RTM_LAUNCH (how to start the application; default: the built jar).
set -euo pipefail
umask 077
RTM_HOME=${RTM_HOME:-/opt/registry-trial-matcher}
RTM_EXPORTS=${RTM_EXPORTS:-/srv/registry-exports}
RTM_OUT=${RTM_OUT:-/srv/referrals}
today=$(date +%F)
cd "$RTM_HOME"
RTM_LAUNCH=${RTM_LAUNCH:-java ${JAVA_OPTS:-} -jar $RTM_HOME/target/registry-trial-matcher.jar}
# shellcheck disable=SC2086
exec $RTM_LAUNCH \
  --trial=jobs/rd06-05 \
  --source=rheum:"$RTM_EXPORTS/rheum" \
  --source=nephro:"$RTM_EXPORTS/nephro" \
  --run-date="$today" \
  --out="$RTM_OUT/$today" \
  ${RTM_DB_ARGS:-}
