package dev.cairn.content;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The dag-pb codec (https://ipld.io/specs/codecs/dag-pb/spec/): a node is repeated links
 * (field 2) then optional data (field 1), written in that order, as every IPFS encoder does.
 * Decoding is strict, so a block has one valid encoding and a hostile one is rejected.
 */
public final class DagPb {
    private DagPb() {}

    /** A decoded dag-pb node; {@code data} is null when the field is absent. */
    public record Node(List<PbLink> links, byte[] data) {
        public Node {
            links = List.copyOf(links);
        }
    }

    public static byte[] encode(List<PbLink> links, byte[] data) {
        int hint = (data == null ? 0 : data.length) + links.size() * 48 + 16;
        ProtoWriter w = new ProtoWriter(hint);
        for (PbLink link : links) w.bytes(2, encodeLink(link));
        if (data != null) w.bytes(1, data);
        return w.toByteArray();
    }

    private static byte[] encodeLink(PbLink link) {
        ProtoWriter w = new ProtoWriter(64);
        w.bytes(1, link.cid().toBytes());
        if (link.name() != null) w.bytes(2, link.name().getBytes(StandardCharsets.UTF_8));
        if (link.tsize() != null) w.varint(3, link.tsize());
        return w.toByteArray();
    }

    public static Node decode(byte[] block) {
        ProtoReader r = new ProtoReader(block, 0, block.length);
        List<PbLink> links = new ArrayList<>();
        byte[] data = null;
        while (r.hasMore()) {
            int tag = r.tag();
            if (tag == ((2 << 3) | ProtoReader.LENGTH_DELIMITED)) {
                if (data != null) throw new IllegalArgumentException("dag-pb: links after data");
                int[] span = r.span();
                links.add(decodeLink(block, span[0], span[1]));
            } else if (tag == ((1 << 3) | ProtoReader.LENGTH_DELIMITED)) {
                if (data != null) throw new IllegalArgumentException("dag-pb: duplicate data field");
                data = r.bytes();
            } else {
                throw new IllegalArgumentException("dag-pb: unexpected field tag " + tag);
            }
        }
        return new Node(links, data);
    }

    private static PbLink decodeLink(byte[] buf, int start, int end) {
        ProtoReader r = new ProtoReader(buf, start, end);
        Cid cid = null;
        String name = null;
        Long tsize = null;
        int lastField = 0;
        while (r.hasMore()) {
            int tag = r.tag();
            int field = tag >>> 3;
            if (field <= lastField) throw new IllegalArgumentException("dag-pb link: fields out of order or repeated");
            lastField = field;
            switch (tag) {
                case (1 << 3) | ProtoReader.LENGTH_DELIMITED -> {
                    int[] s = r.span();
                    Cid.Parsed p = Cid.parse(buf, s[0], s[1]);
                    if (p.length() != s[1] - s[0]) throw new IllegalArgumentException("dag-pb link: trailing bytes after CID");
                    cid = p.cid();
                }
                case (2 << 3) | ProtoReader.LENGTH_DELIMITED -> name = utf8(r.bytes());
                case (3 << 3) | ProtoReader.VARINT -> tsize = r.varint();
                default -> throw new IllegalArgumentException("dag-pb link: unexpected field tag " + tag);
            }
        }
        if (cid == null) throw new IllegalArgumentException("dag-pb link without a hash");
        return new PbLink(cid, name, tsize);
    }

    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("dag-pb link name is not valid UTF-8");
        }
    }

    /** The CIDs a block links to, for any codec Cairn walks (raw blocks have none). */
    public static List<Cid> links(Cid cid, byte[] block) {
        if (cid.codec() != Codec.DAG_PB) return List.of();
        return decode(block).links().stream().map(PbLink::cid).toList();
    }
}
