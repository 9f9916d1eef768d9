#!/usr/bin/env bash
# Benchmarks of issue 4 (機器台帳), with the release binary:
#   - import of a 10,000-row CP932 CSV into an empty ledger (target: under 2 s)
#   - export of the same ledger as CP932 CSV and as xlsx (target: under 1 s)
#   - kensa collect on this machine (target: under 3 s)
# Each is run 3 times; the numbers printed are wall-clock seconds of each run.
#
# With --memory (issue 12): peak memory (max RSS from /usr/bin/time -v) and wall-clock time of
#   - one `inventory import` of MEMORY_ROWS rows (default 1,000,000) in CSV files of 200,000
#   - `inventory list --json`, `inventory list`, `inventory export` (CSV and xlsx) of that ledger
#   - one `inventory import` of an xlsx of XLSX_ROWS rows (default 100,000) and of the same rows
#     as CSV
#   - one `inventory import` of HOSTS (default 40) host documents of about 30 MB each
# (MEMORY_ROWS=0 XLSX_ROWS=0 measures only the host documents.)
# KENSA=/path/to/kensa measures another build (default: this tree's release build).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${KENSA:-}" ]; then
  cargo build --release --quiet
  KENSA="$PWD/target/release/kensa"
fi
WORK="$(mktemp -d "${TMPDIR:-/tmp}/bench-inventory.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
ROWS="${ROWS:-10000}"

# ledger.csv PATH FIRST COUNT: a ledger as Excel saves it in Japan: CP932, CRLF, the official
# columns plus 種別 and MAC, rows FIRST to FIRST+COUNT-1.
ledger_csv() {
python3 - "$1" "$2" "$3" <<'PY'
import csv, io, sys
path, first, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
header = ["管理番号","メーカー","OS","ソフトウェア","ソフトウェアバージョン","IPアドレス","コンピュータ名",
          "設置場所","利用者","登録日","状態","説明","種別","MACアドレス"]
kinds = ["端末","サーバ","ネットワーク機器","医療機器","その他"]
buf = io.StringIO()
w = csv.writer(buf, lineterminator="\r\n")
w.writerow(header)
for i in range(first, first + n):
    w.writerow([f"{i:07d}", "A社" if i % 2 else "B社", "Win11" if i % 3 else "Win10",
                "〇〇電子カルテ", f"2.{i % 10}", f"10.{i // 65536 % 256}.{i // 256 % 256}.{i % 256}",
                f"Room{i % 50}のPC{i}", f"病棟{i % 12}階", f"医師{i % 300}（内科）",
                f"R{2 + i % 6}.{1 + i % 12}.{1 + i % 28}", "稼働" if i % 7 else "停止",
                "" if i % 5 else "メンテナンス予定、保守契約あり", kinds[i % 5],
                "00:1a:%02x:%02x:%02x:%02x" % (i >> 24 & 255, i >> 16 & 255, i >> 8 & 255, i & 255)])
open(path, "wb").write(buf.getvalue().encode("cp932"))
PY
}

if [ "${1:-}" = "--memory" ]; then
  MEMORY_ROWS="${MEMORY_ROWS:-1000000}"
  HOSTS="${HOSTS:-40}"
  PER_FILE=200000
  # measure LABEL CMD...: peak RSS (MiB) and wall-clock seconds, output discarded.
  measure() {
    local label="$1"; shift
    /usr/bin/time -v -o "$WORK/time.txt" "$@" > /dev/null 2> "$WORK/stderr.txt" || {
      echo "$label: FAILED"; tail -3 "$WORK/stderr.txt"; return 0; }
    local kb wall
    kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$WORK/time.txt")
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$WORK/time.txt")
    printf '%-44s peak %7.1f MiB  %s\n' "$label" "$(echo "$kb / 1024" | bc -l)" "$wall"
  }
  echo "kensa: $KENSA"
  if [ "$MEMORY_ROWS" -gt 0 ]; then
    files=()
    for ((first = 1; first <= MEMORY_ROWS; first += PER_FILE)); do
      n=$(( MEMORY_ROWS - first + 1 < PER_FILE ? MEMORY_ROWS - first + 1 : PER_FILE ))
      ledger_csv "$WORK/ledger-$first.csv" "$first" "$n"
      files+=("$WORK/ledger-$first.csv")
    done
    echo "input: $MEMORY_ROWS rows in ${#files[@]} CP932 files, $(du -cb "${files[@]}" | tail -1 | cut -f1) bytes"
    export KENSA_LANG=ja KENSA_DB="$WORK/big.db"
    measure "import $MEMORY_ROWS rows (${#files[@]} files)" "$KENSA" inventory import "${files[@]}"
    rm -f "${files[@]}"
    echo "database: $(stat -c %s "$WORK/big.db") bytes"
    measure "list --json" "$KENSA" inventory list --json
    measure "list" "$KENSA" inventory list
    measure "export --format csv --encoding cp932" "$KENSA" inventory export --format csv --encoding cp932 --out "$WORK/out.csv"
    measure "export --format xlsx" "$KENSA" inventory export --format xlsx --out "$WORK/out.xlsx"
    echo "exported: $(stat -c %s "$WORK/out.csv") bytes CSV, $(stat -c %s "$WORK/out.xlsx") bytes xlsx"
    rm -f "$WORK/out.csv" "$WORK/out.xlsx" "$WORK"/big.db*
  fi

  # An xlsx ledger: XLSX_ROWS rows written by kensa's own export (inline strings, about 1 KB of
  # worksheet XML a row, so 100,000 rows stay under the 128 MiB worksheet limit), imported into
  # a fresh database beside the same rows as CSV. The xlsx import inflates the worksheet twice:
  # once for the package check (xml_scan: ranges, references, counts), once for calamine.
  XLSX_ROWS="${XLSX_ROWS:-100000}"
  if [ "$XLSX_ROWS" -gt 0 ]; then
    ledger_csv "$WORK/xlsx-source.csv" 1 "$XLSX_ROWS"
    KENSA_LANG=ja KENSA_DB="$WORK/xlsx-source.db" "$KENSA" inventory import "$WORK/xlsx-source.csv" > /dev/null
    KENSA_LANG=ja KENSA_DB="$WORK/xlsx-source.db" "$KENSA" inventory export --format xlsx --out "$WORK/ledger.xlsx" > /dev/null
    echo "input: $XLSX_ROWS rows, $(stat -c %s "$WORK/ledger.xlsx") bytes xlsx (worksheet $(unzip -p "$WORK/ledger.xlsx" xl/worksheets/sheet1.xml | wc -c) bytes inflated), $(stat -c %s "$WORK/xlsx-source.csv") bytes CSV"
    export KENSA_LANG=ja KENSA_DB="$WORK/xlsx.db"
    measure "import $XLSX_ROWS rows (xlsx)" "$KENSA" inventory import "$WORK/ledger.xlsx"
    rm -f "$WORK"/xlsx.db*
    measure "import $XLSX_ROWS rows (CSV, the same rows)" "$KENSA" inventory import "$WORK/xlsx-source.csv"
    start=$(date +%s%N)
    unzip -p "$WORK/ledger.xlsx" xl/worksheets/sheet1.xml > /dev/null
    printf '%-44s %.2f s\n' "unzip -p of the worksheet (inflating once)" "$(echo "($(date +%s%N) - $start) / 1000000000" | bc -l)"
    rm -f "$WORK"/xlsx*.db* "$WORK/ledger.xlsx" "$WORK/xlsx-source.csv"
  fi

  # Host documents: this machine's, with the package list grown to about 30 MB and a name,
  # MAC and address of its own each.
  "$KENSA" collect --json > "$WORK/host.json"
  python3 - "$WORK" "$HOSTS" <<'PY'
import copy, json, sys
work, hosts = sys.argv[1], int(sys.argv[2])
base = json.load(open(f"{work}/host.json"))
packages = [{"name": f"pkg-{n:06d}-{'x' * 24}", "version": f"1.{n % 97}.{n % 13}-1", "arch": "amd64",
             "publisher": None, "state": "installed", "installed_on": None} for n in range(130000)]
for h in range(hosts):
    d = copy.deepcopy(base) if h == 0 else d
    d["identity"]["host_name"] = {"status": "ok", "value": f"bench-host-{h:02d}"}
    d["interfaces"] = {"status": "ok", "value": [{"name": "eth0", "mac": "02:00:00:00:%02x:%02x" % (h >> 8, h & 255),
                                                 "ipv4": [f"10.250.{h // 250}.{h % 250 + 1}"], "ipv6": []}]}
    d["software"] = {"status": "ok", "value": {"source": "dpkg", "packages": packages}}
    json.dump(d, open(f"{work}/host-{h:02d}.json", "w"), indent=2, ensure_ascii=False)
PY
  rm "$WORK/host.json"
  hosts=("$WORK"/host-*.json)
  echo "input: ${#hosts[@]} host documents, $(du -cb "${hosts[@]}" | tail -1 | cut -f1) bytes"
  export KENSA_DB="$WORK/hosts.db"
  measure "import ${#hosts[@]} host documents" "$KENSA" inventory import "${hosts[@]}"
  exit 0
fi

ledger_csv "$WORK/ledger.csv" 1 "$ROWS"
echo "input: $ROWS rows, $(stat -c %s "$WORK/ledger.csv") bytes CP932"

secs() { # run a command, print its wall-clock seconds
  local start end ms
  start=$(date +%s%N)
  "$@" > /dev/null
  end=$(date +%s%N)
  ms=$(( (end - start) / 1000000 ))
  printf '%d.%03d' $((ms / 1000)) $((ms % 1000))
}

export KENSA_LANG=ja
for run in 1 2 3; do
  rm -f "$WORK/k.db"*
  export KENSA_DB="$WORK/k.db"
  i=$(secs "$KENSA" inventory import "$WORK/ledger.csv")
  c=$(secs "$KENSA" inventory export --format csv --encoding cp932 --out "$WORK/out.csv")
  x=$(secs "$KENSA" inventory export --format xlsx --out "$WORK/out.xlsx")
  g=$(secs "$KENSA" collect --json)
  echo "run $run: import ${i}s  export-csv-cp932 ${c}s  export-xlsx ${x}s  collect ${g}s"
done
echo "exported: $(stat -c %s "$WORK/out.csv") bytes CSV, $(stat -c %s "$WORK/out.xlsx") bytes xlsx"
# The round trip holds at this size too: re-importing the export changes nothing.
"$KENSA" inventory import --dry-run "$WORK/out.csv" | tail -1
