# The tree is clang-formatted (.clang-format at the root): every tracked C
# file must come out of clang-format unchanged. Fix with `make format`.
BUILD=$1 SRC=$2
cd "$SRC"
command -v clang-format >/dev/null || { echo "FAIL: clang-format missing (scripts/install-deps)"; exit 1; }
files=$(git ls-files '*.c' '*.h' 2>/dev/null || find src tests bench -name '*.[ch]')
bad=0
for f in $files; do
    if ! clang-format "$f" | cmp -s - "$f"; then
        echo "not formatted: $f"
        bad=$((bad + 1))
    fi
done
[ "$bad" = 0 ] || { echo "FAIL: $bad files need clang-format (make format)"; exit 1; }
echo "1 passed, 0 failed"
