#!/usr/bin/env bash
# Nightly run of RD06-05 on tonight's exports: today's date as run date, a dated output
# folder, exit status non-zero when the run did not complete (so cron mails it and systemd
# marks the unit failed). Restarting the same night resumes the failed run.
#
# Settings (environment): RTM_HOME (the installed project folder), RTM_EXPORTS (where the
# registries drop their exports: RTM_EXPORTS/rheum and RTM_EXPORTS/nephro), RTM_OUT (where the
# dated output folders go), RTM_DB_ARGS (e.g. --spring.datasource.url=... for PostgreSQL),
# JAVA_OPTS (e.g. -Xmx512m), RTM_LAUNCH (how to start the application; default: the built jar),
# KEEP_NIGHTS (dated output folders kept in RTM_OUT after a completed run, default 30: they hold
# patient data too; older ones are deleted).
set -euo pipefail
umask 077
RTM_HOME=${RTM_HOME:-/opt/registry-trial-matcher}
RTM_EXPORTS=${RTM_EXPORTS:-/srv/registry-exports}
RTM_OUT=${RTM_OUT:-/srv/referrals}
today=$(date +%F)
cd "$RTM_HOME"
KEEP_NIGHTS=${KEEP_NIGHTS:-30}
case "$KEEP_NIGHTS" in
  ''|*[!0-9]*|0) echo "nightly-run.sh: KEEP_NIGHTS must be a whole number of 1 or more (got '$KEEP_NIGHTS')" >&2; exit 2 ;;
esac
RTM_LAUNCH=${RTM_LAUNCH:-java ${JAVA_OPTS:-} -jar $RTM_HOME/target/registry-trial-matcher.jar}
# shellcheck disable=SC2086
$RTM_LAUNCH \
  --trial=jobs/rd06-05 \
  --source=rheum:"$RTM_EXPORTS/rheum" \
  --source=nephro:"$RTM_EXPORTS/nephro" \
  --run-date="$today" \
  --out="$RTM_OUT/$today" \
  ${RTM_DB_ARGS:-} &
child=$!
# a stop of this script (systemd, a terminal) stops the run at its next commit, as it would the run itself
trap 'kill -TERM "$child" 2>/dev/null' TERM INT
status=0
wait "$child" || status=$?
while kill -0 "$child" 2>/dev/null; do
  status=0
  wait "$child" || status=$?
done
[ "$status" -eq 0 ] || exit "$status"

# Keep the newest KEEP_NIGHTS dated output folders (yyyy-mm-dd); leave anything else alone.
mapfile -t nights < <(find "$RTM_OUT" -mindepth 1 -maxdepth 1 -type d -name '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' -printf '%f\n' | sort)
for ((i = 0; i < ${#nights[@]} - KEEP_NIGHTS; i++)); do
  rm -rf -- "${RTM_OUT:?}/${nights[i]}"
done
