package dev.cairn.catalog.tags;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The ID3v1 genre numbers (0-79 from ID3v1, 80-191 Winamp's additions), used by ID3 and MP4 tags. */
final class Genres {
    /** Numbers 0 to 191, ten to a line (90 to 99 on two). */
    private static final List<String> NAMES = List.of("""
            Blues, Classic Rock, Country, Dance, Disco, Funk, Grunge, Hip-Hop, Jazz, Metal
            New Age, Oldies, Other, Pop, R&B, Rap, Reggae, Rock, Techno, Industrial
            Alternative, Ska, Death Metal, Pranks, Soundtrack, Euro-Techno, Ambient, Trip-Hop, Vocal, Jazz+Funk
            Fusion, Trance, Classical, Instrumental, Acid, House, Game, Sound Clip, Gospel, Noise
            AlternRock, Bass, Soul, Punk, Space, Meditative, Instrumental Pop, Instrumental Rock, Ethnic, Gothic
            Darkwave, Techno-Industrial, Electronic, Pop-Folk, Eurodance, Dream, Southern Rock, Comedy, Cult, Gangsta
            Top 40, Christian Rap, Pop/Funk, Jungle, Native American, Cabaret, New Wave, Psychadelic, Rave, Showtunes
            Trailer, Lo-Fi, Tribal, Acid Punk, Acid Jazz, Polka, Retro, Musical, Rock & Roll, Hard Rock
            Folk, Folk-Rock, National Folk, Swing, Fast Fusion, Bebob, Latin, Revival, Celtic, Bluegrass
            Avantgarde, Gothic Rock, Progressive Rock, Psychedelic Rock, Symphonic Rock
            Slow Rock, Big Band, Chorus, Easy Listening, Acoustic
            Humour, Speech, Chanson, Opera, Chamber Music, Sonata, Symphony, Booty Bass, Primus, Porn Groove
            Satire, Slow Jam, Club, Tango, Samba, Folklore, Ballad, Power Ballad, Rhythmic Soul, Freestyle
            Duet, Punk Rock, Drum Solo, Acapella, Euro-House, Dance Hall, Goa, Drum & Bass, Club-House, Hardcore
            Terror, Indie, BritPop, Afro-Punk, Polsk Punk, Beat, Christian Gangsta Rap, Heavy Metal, Black Metal, Crossover
            Contemporary Christian, Christian Rock, Merengue, Salsa, Thrash Metal, Anime, JPop, SynthPop, Abstract, Art Rock
            Baroque, Bhangra, Big Beat, Breakbeat, Chillout, Downtempo, Dub, EBM, Eclectic, Electro
            Electroclash, Emo, Experimental, Garage, Global, IDM, Illbient, Industro-Goth, Jam Band, Krautrock
            Leftfield, Lounge, Math Rock, New Romantic, Nu-Breakz, Post-Punk, Post-Rock, Psytrance, Shoegaze, Space Rock
            Trop Rock, World Music, Neoclassical, Audiobook, Audio Theatre, Neue Deutsche Welle, Podcast, Indie Rock, G-Funk, Dubstep
            Garage Rock, Psybient
            """.strip().split(",\\s*|\\n\\s*"));

    /** "(8)", "(8)Jazz" (a refinement), "((text" (an escaped parenthesis), as ID3v2.2 and 2.3 write genres. */
    private static final Pattern REFERENCE = Pattern.compile("^\\((\\d{1,3}|RX|CR)\\)(.*)$", Pattern.DOTALL);

    private Genres() {}

    /** The name for an ID3v1 genre number; null for 255 ("none") and numbers past the table. */
    static String byNumber(int number) {
        return number >= 0 && number < NAMES.size() ? NAMES.get(number) : null;
    }

    static int count() {
        return NAMES.size();
    }

    /** An ID3v2 TCON value: a name, a number ("8"), a reference ("(8)") or a reference with a refinement ("(8)Jazz Fusion"). */
    static String fromId3v2(String value) {
        if (value == null) return null;
        String v = value.strip();
        if (v.startsWith("((")) return v.substring(1);
        Matcher m = REFERENCE.matcher(v);
        if (m.matches()) {
            String refinement = m.group(2).strip();
            return refinement.isEmpty() ? named(m.group(1)) : refinement;
        }
        return named(v);
    }

    private static String named(String v) {
        if (v.equals("RX")) return "Remix";
        if (v.equals("CR")) return "Cover";
        if (!v.isEmpty() && v.length() <= 3 && v.chars().allMatch(c -> c >= '0' && c <= '9')) return byNumber(Integer.parseInt(v));
        return v;
    }
}
