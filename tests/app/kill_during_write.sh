#!/bin/sh
# SIGKILL, SIGTERM and SIGINT at random moments of the final write of a
# 384x288 .pfm or .exr over an existing file (once the temporary file has
# bytes in it, plus 0-6 ms): the file at the final name must always be the
# previous bytes or a complete image (the new render's pixels; after
# SIGINT/SIGTERM also a complete partial image), never half a file.
# Usage: kill_during_write.sh TESSERA WORKDIR
tessera=$1
work=$2
rm -rf "$work" && mkdir -p "$work" && cd "$work" || exit 1
export TESSERA_CONFIG=
args="-q --resolution 384x288 --spp 1 --exr-float"
fail=0
i=0
for ext in pfm exr; do
  "$tessera" render -q --resolution 16x16 --spp 1 -o old.$ext || exit 1
  "$tessera" render $args -o new.$ext || exit 1
  for sig in KILL TERM INT; do
    i=$((i + 1))
    delay=$(awk -v seed=$(( $$ * 31 + i )) 'BEGIN { srand(seed); printf "%.4f", rand() * 0.006 }')
    cp old.$ext out.$ext
    "$tessera" render $args -o out.$ext &
    pid=$!
    # The write phase has begun when the temporary file has bytes (the
    # writability check before rendering leaves it empty and removes it).
    n=0
    while [ -z "$(find . -maxdepth 1 -name ".tessera-tmp-out.$ext.*" -size +0c)" ] && kill -0 $pid 2>/dev/null && [ $n -lt 3000 ]; do sleep 0.001; n=$((n + 1)); done
    sleep $delay
    kill -$sig $pid 2>/dev/null
    wait $pid
    status=$?
    if cmp -s out.$ext old.$ext; then what=old
    elif "$tessera" compare out.$ext new.$ext --fail 0 >/dev/null 2>&1; then what=new  # pixels: the header holds the render time
    elif [ $sig != KILL ] && "$tessera" compare out.$ext new.$ext --fail 1e30 >/dev/null 2>&1; then what=complete-partial
    else what=BROKEN; fail=1
    fi
    echo "$ext: SIG$sig ${delay} s into the write (exit $status): $what file at the final name"
    if [ $sig != KILL ] && ls .tessera-tmp-* >/dev/null 2>&1; then echo "temporary file left after SIG$sig"; fail=1; fi
    rm -f .tessera-tmp-*
  done
done
[ $fail -eq 0 ] && echo KILL_DURING_WRITE_OK
exit $fail
