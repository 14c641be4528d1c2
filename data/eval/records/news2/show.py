"""Print given corpus lines (read with lzma) for reading candidates."""
import lzma, sys
want = set(int(x) for x in sys.argv[1:])
with lzma.open('/work/shared/scale/news_68k.txt.xz', 'rt', encoding='utf-8') as f:
    for n, line in enumerate(f, 1):
        if n in want:
            print('=====', n, len(line.rstrip('\n'))); print(line.rstrip('\n'))
