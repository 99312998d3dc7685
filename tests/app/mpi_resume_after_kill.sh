#!/bin/sh
# MPI with a checkpoint: rank 0 journals every bucket it merges. A rank killed
# with SIGKILL part-way aborts the whole job (as Open MPI does); the job then
# resumes from rank 0's journal, under mpirun and in one process, to the pixels
# of the uninterrupted single-process render, each journal holding one record
# per bucket. Usage: mpi_resume_after_kill.sh TESSERA MPIRUN WORKDIR
set -eu
tessera=$1
mpirun=$2
dir=$3
rm -rf "$dir" && mkdir -p "$dir" && cd "$dir"
# Open MPI sends the surviving ranks SIGTERM, then SIGKILL after this many
# seconds (default 1, in which rank 0 alone could finish the render).
export OMPI_MCA_odls_base_sigkill_timeout=0
args="--resolution 128x96 --spp 48 --bucket-size 8 --exr-float -q"
record=832  # bytes of an 8x8 bucket's record; the header is 48
buckets=192
"$tessera" render $args -t:2 -o reference.exr

"$mpirun" --oversubscribe -np 2 "$tessera" render $args -t:1 -o mpi.exr --checkpoint job.tsj --checkpoint-interval 0 &
mpid=$!
tries=0
while [ "$(stat -c %s job.tsj 2>/dev/null || echo 0)" -lt $((48 + 15 * record)) ]; do
  tries=$((tries + 1))
  [ "$tries" -lt 3000 ] || { kill -9 "$mpid"; echo "the journal never reached 15 records"; exit 1; }
  sleep 0.01
done
# Kill rank 1 (a child of mpirun whose environment says so).
rank1=
for p in $(pgrep -P "$mpid"); do
  if tr '\0' '\n' <"/proc/$p/environ" 2>/dev/null | grep -qx OMPI_COMM_WORLD_RANK=1; then rank1=$p; fi
done
[ -n "$rank1" ] || { kill -9 "$mpid"; echo "rank 1 not found among mpirun's children"; exit 1; }
kill -9 "$rank1"
status=0
wait "$mpid" || status=$?
[ "$status" -ne 0 ] || { echo "mpirun exited 0 after a rank was killed"; exit 1; }
[ ! -e mpi.exr ] || { echo "the job finished before its rank was killed: test inconclusive"; exit 1; }
echo "job aborted with $(stat -c %s job.tsj) journal bytes"
cp job.tsj single.tsj

"$mpirun" --oversubscribe -np 2 "$tessera" render $args -t:1 -o mpi.exr --checkpoint job.tsj --resume
"$tessera" compare reference.exr mpi.exr --fail 0 >/dev/null
"$tessera" render $args -t:2 -o single.exr --checkpoint single.tsj --resume
"$tessera" compare reference.exr single.exr --fail 0 >/dev/null
for j in job.tsj single.tsj; do
  size=$(stat -c %s $j)
  [ "$size" -eq $((48 + buckets * record)) ] || { echo "$j holds $size bytes, not one record per bucket"; exit 1; }
done
echo MPI_RESUME_IDENTICAL
