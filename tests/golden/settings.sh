# Render settings of the golden images, shared by scripts/update-goldens.sh and
# tests/golden/check_golden.sh. Changing them means regenerating the goldens.
GOLDEN_ARGS="--resolution 96x64 --max-depth 5 --seed 0 --bucket-size 16"
GOLDEN_SPP=16
# The variance image is an estimate too: from 16x more samples it is steady.
GOLDEN_VARIANCE_SPP=256
