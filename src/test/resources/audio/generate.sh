#!/usr/bin/env bash
# Regenerates the small audio fixtures for dev.cairn.catalog.tags (each under 10 KB): 1.5 s of a
# quiet 440 Hz tone, encoded and tagged by the usual tools so the tests read what real encoders
# and taggers write. The tests assert the values set here; keep them in step.
#
# Made on Debian 12 with: SoX 14.4.2, LAME 3.100, flac 1.4.2, oggenc (vorbis-tools) 1.4.2,
# ffmpeg 5.1 (libmp3lame, libopus, native aac). apt-get install -y sox lame flac vorbis-tools ffmpeg
set -euo pipefail
export LC_ALL=C.UTF-8
cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# -D: no dither, so the output does not depend on a random seed
sox -n -r 32000 -c 1 -b 16 -D "$tmp/tone32k.wav" synth 1.5 sine 440 vol 0.05
sox -n -r 8000 -c 1 -b 16 -D "$tmp/tone8k.wav" synth 1.5 sine 440 vol 0.05

title='Sous le ciel — 空'
artist='Ærø Quartet'
album='Cairn Test Tones'
composer='J. Doe'
album_artist='Various Artists'
isrc='USRC17607839'

# ffmpeg: input, then output options; bitexact keeps its version string out of the output
ff() { local in=$1; shift; ffmpeg -v error -y -i "$in" -fflags +bitexact -flags +bitexact "$@"; }
ffmeta=(-metadata "title=$title" -metadata "artist=$artist" -metadata "album=$album" -metadata genre=Jazz
  -metadata date=2019-05-17 -metadata track=7/12 -metadata "composer=$composer" -metadata "album_artist=$album_artist")

# MPEG-1 Layer III, CBR 32 kbit/s with a LAME Info frame; ID3v2.4 (UTF-8 text), no ID3v1
ff "$tmp/tone32k.wav" -c:a libmp3lame -b:a 32k "${ffmeta[@]}" -metadata "TSRC=$isrc" \
  -id3v2_version 4 -write_id3v1 0 id3v24.mp3

# VBR with a Xing frame; ID3v2.3 in UTF-16 (genre as an ID3v1 number) plus an ID3v1 tag
lame --quiet -V 9 --resample 32 --id3v2-utf16 --add-id3v2 --tt "$title" --ta "$artist" --tl "$album" \
  --ty 2019 --tn 7/12 --tg Jazz --tv "TCOM=$composer" --tv "TPE2=$album_artist" --tv "TSRC=$isrc" \
  "$tmp/tone32k.wav" id3v23-vbr.mp3

# CBR without a Xing frame (-t), ID3v1.1 only: the duration comes from the size and bitrate
lame --quiet -b 32 --resample 32 -t --id3v1-only --tt 'Sous le ciel' --ta 'Aero Quartet' --tl "$album" \
  --ty 2019 --tn 7 --tg Jazz "$tmp/tone32k.wav" id3v1-cbr.mp3

flac --silent --force --no-padding -8 -T "TITLE=$title" -T "ARTIST=$artist" -T "ALBUM=$album" -T GENRE=Jazz \
  -T DATE=2019-05-17 -T TRACKNUMBER=7 -T TRACKTOTAL=12 -T "COMPOSER=$composer" -T "ALBUMARTIST=$album_artist" \
  -T "ISRC=$isrc" "$tmp/tone8k.wav" -o tags.flac

oggenc --quiet -q 0 -s 1 -t "$title" -a "$artist" -l "$album" -G Jazz -d 2019-05-17 -N 7 \
  -c "COMPOSER=$composer" -c "ALBUMARTIST=$album_artist" -c "ISRC=$isrc" "$tmp/tone8k.wav" -o vorbis.ogg

ff "$tmp/tone8k.wav" -c:a libopus -b:a 12k "${ffmeta[@]}" -metadata "ISRC=$isrc" opus.opus

# FLAC in an Ogg container (mapping 1.0): STREAMINFO in the first packet, comments in the second
ff "$tmp/tone8k.wav" -c:a flac "${ffmeta[@]}" -metadata "ISRC=$isrc" -f ogg flac.oga

# ffmpeg's ipod muxer writes brand M4A and iTunes-style ilst atoms (it has no ISRC atom)
ff "$tmp/tone8k.wav" -c:a aac -b:a 16k "${ffmeta[@]}" -f ipod aac.m4a

ls -l id3v24.mp3 id3v23-vbr.mp3 id3v1-cbr.mp3 tags.flac vorbis.ogg opus.opus flac.oga aac.m4a
