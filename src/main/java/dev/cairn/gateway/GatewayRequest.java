package dev.cairn.gateway;

import dev.cairn.content.Cid;
import dev.cairn.content.CidFormatException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A parsed {@code GET} or {@code HEAD /ipfs/{cid}[/{path}][?{params}]} request, independent of
 * any HTTP framework. Build one with {@link #parse}; every invalid input is refused there with a
 * {@link GatewayException} (400 malformed, 405 method, 406 unsupported format or CAR variant).
 *
 * @param head           a HEAD request: same headers as GET, no body
 * @param root           the CID at the start of the path
 * @param rootText       the CID as the client wrote it (kept in {@code X-Ipfs-Path} and redirects)
 * @param segments       the UnixFS path below the root, percent-decoded, each a valid entry name
 * @param trailingSlash  whether the path ended with '/' (directories without one are redirected)
 * @param format         the negotiated response format
 * @param car            the CAR variant (order, duplicates); {@link CarOptions#DEFAULT} unless CAR
 * @param scope          the dag-scope of a CAR request ({@link DagScope#ALL} otherwise)
 * @param entityBytes    the entity-bytes range of a CAR request with dag-scope=entity, else null
 * @param filename       the {@code ?filename=} override for Content-Disposition, or null
 * @param download       {@code ?download=true}: plain responses become attachments
 * @param ifNoneMatch    the {@code If-None-Match} request header, or null
 * @param query          the first value of each query parameter, in request order
 * @param contentLocation the {@code Content-Location} to send when the format was negotiated
 *                       through {@code Accept} rather than {@code ?format=} (null otherwise)
 */
public record GatewayRequest(
        boolean head,
        Cid root,
        String rootText,
        List<String> segments,
        boolean trailingSlash,
        ResponseFormat format,
        CarOptions car,
        DagScope scope,
        EntityBytes entityBytes,
        String filename,
        boolean download,
        String ifNoneMatch,
        Map<String, String> query,
        String contentLocation) {

    /** Deeper paths are refused: no real UnixFS tree needs them, and each segment costs a block read. */
    public static final int MAX_SEGMENTS = 256;

    private static final Set<String> KNOWN_UNSUPPORTED_FORMATS =
            Set.of("tar", "dag-json", "dag-cbor", "json", "cbor", "ipns-record");

    public GatewayRequest {
        segments = List.copyOf(segments);
        query = Collections.unmodifiableMap(new LinkedHashMap<>(query));
    }

    /** Same as {@link #parse(String, String, Map, String, String)} without {@code If-None-Match}. */
    public static GatewayRequest parse(String method, String path, Map<String, List<String>> query, String accept) {
        return parse(method, path, query, accept, null);
    }

    /**
     * Parses a request.
     *
     * @param method      "GET" or "HEAD" (any case)
     * @param path        the raw, still percent-encoded URL path after {@code /ipfs/}, e.g.
     *                    {@code bafy.../dir/a%20b.txt} (a leading '/' is tolerated). Pass the path as it
     *                    was on the wire: it is decoded here, once.
     * @param query       the decoded query parameters (only the first value of each is used); may be null
     * @param accept      the {@code Accept} header (several headers joined with ", "); may be null
     * @param ifNoneMatch the {@code If-None-Match} header; may be null
     */
    public static GatewayRequest parse(String method, String path, Map<String, List<String>> query, String accept,
            String ifNoneMatch) {
        boolean head = parseMethod(method);
        Map<String, String> params = new LinkedHashMap<>();
        if (query != null) {
            for (Map.Entry<String, List<String>> e : query.entrySet()) {
                String v = Text.first(query, e.getKey());
                if (v != null) params.put(e.getKey(), v);
            }
        }

        // --- path
        String p = path == null ? "" : path;
        if (p.startsWith("/")) p = p.substring(1);
        int slash = p.indexOf('/');
        String rootText = Text.percentDecode(slash < 0 ? p : p.substring(0, slash));
        if (rootText == null || rootText.isEmpty()) {
            throw GatewayException.badRequest(GatewayException.BAD_CID, "missing or malformed CID in the path");
        }
        Cid root;
        try {
            root = Cid.parse(rootText);
        } catch (CidFormatException e) {
            throw new GatewayException(400, GatewayException.BAD_CID, e.getMessage(), e);
        }
        if (!rootText.equals(rootText.strip())) {
            throw GatewayException.badRequest(GatewayException.BAD_CID, "the CID has surrounding spaces");
        }
        List<String> segments = new ArrayList<>();
        boolean trailingSlash = false;
        if (slash >= 0) {
            String rest = p.substring(slash + 1);
            trailingSlash = rest.isEmpty() || rest.endsWith("/");
            for (String raw : rest.split("/")) {
                if (raw.isEmpty()) continue; // "a//b" is "a/b", as Kubo cleans paths
                String name = Text.percentDecode(raw);
                if (name == null) {
                    throw GatewayException.badRequest(GatewayException.BAD_PATH,
                            "path segment '" + Text.abbreviate(raw) + "' is not valid percent-encoded UTF-8");
                }
                if (name.equals(".") || name.equals("..")) {
                    throw GatewayException.badRequest(GatewayException.BAD_PATH, "path segment '" + name + "' is not allowed");
                }
                if (name.indexOf('/') >= 0 || name.indexOf('\0') >= 0) {
                    throw GatewayException.badRequest(GatewayException.BAD_PATH,
                            "path segment '" + Text.abbreviate(name) + "' contains '/' or NUL");
                }
                segments.add(name);
                if (segments.size() > MAX_SEGMENTS) {
                    throw GatewayException.badRequest(GatewayException.BAD_PATH, "path deeper than " + MAX_SEGMENTS + " segments");
                }
            }
        }

        // --- format: ?format= first (it takes precedence), then Accept
        List<AcceptHeader.MediaRange> ranges = AcceptHeader.parse(accept);
        String formatParam = params.get("format");
        ResponseFormat format;
        Map<String, String> carParams = Map.of();
        boolean fromAccept = false;
        if (formatParam != null && !formatParam.isEmpty()) {
            format = switch (formatParam) {
                case "raw" -> ResponseFormat.RAW;
                case "car" -> ResponseFormat.CAR;
                default -> {
                    if (KNOWN_UNSUPPORTED_FORMATS.contains(formatParam)) {
                        throw GatewayException.notAcceptable("format=" + formatParam + " is not supported by this gateway; use raw or car");
                    }
                    throw GatewayException.badRequest(GatewayException.BAD_PARAM,
                            "unknown format '" + Text.abbreviate(formatParam) + "': expected raw or car");
                }
            };
            if (format == ResponseFormat.CAR) {
                boolean anyCar = false;
                Map<String, String> chosen = null;
                for (AcceptHeader.MediaRange r : ranges) {
                    if (!r.type().equals(ResponseFormat.CAR.mediaType())) continue;
                    anyCar = true;
                    if (unsupportedCarParam(r.params()) == null) {
                        chosen = r.params();
                        break;
                    }
                }
                if (anyCar && chosen == null) {
                    throw GatewayException.notAcceptable("none of the CAR variants in Accept is supported: "
                            + "only version=1, order=dfs|unk, dups=y|n");
                }
                if (chosen != null) carParams = chosen;
            }
        } else {
            format = null;
            String unsupported = null;
            for (AcceptHeader.MediaRange r : ranges) {
                String type = r.type();
                if (type.equals(ResponseFormat.RAW.mediaType())) {
                    format = ResponseFormat.RAW;
                } else if (type.equals(ResponseFormat.CAR.mediaType())) {
                    String why = unsupportedCarParam(r.params());
                    if (why != null) {
                        if (unsupported == null) unsupported = why;
                        continue;
                    }
                    format = ResponseFormat.CAR;
                    carParams = r.params();
                } else if (type.startsWith("application/vnd.ipld.") || type.startsWith("application/vnd.ipfs.")
                        || type.equals("application/x-tar")) {
                    if (unsupported == null) unsupported = type + " is not supported by this gateway";
                    continue;
                } else {
                    format = ResponseFormat.PLAIN; // text/html, */*, image/*, application/json ...
                }
                break;
            }
            if (format == null) {
                if (unsupported != null) throw GatewayException.notAcceptable(unsupported + "; use raw or car");
                format = ResponseFormat.PLAIN;
            }
            fromAccept = format != ResponseFormat.PLAIN;
        }

        // --- CAR parameters: Accept parameters, overridden by car-* query parameters (IPIP-523)
        CarOptions car = CarOptions.DEFAULT;
        DagScope scope = DagScope.ALL;
        EntityBytes entityBytes = null;
        if (format == ResponseFormat.CAR) {
            String version = pick(params.get("car-version"), carParams.get("version"));
            String order = pick(params.get("car-order"), carParams.get("order"));
            String dups = pick(params.get("car-dups"), carParams.get("dups"));
            if (version != null && !version.equals("1")) {
                if (!version.matches("[0-9]{1,9}")) {
                    throw GatewayException.badRequest(GatewayException.BAD_PARAM, "invalid CAR version '" + Text.abbreviate(version) + "'");
                }
                throw GatewayException.notAcceptable("CAR version " + version + " is not supported: only version=1");
            }
            if (order != null && !order.equals("dfs") && !order.equals("unk")) {
                throw GatewayException.notAcceptable("CAR order '" + Text.abbreviate(order) + "' is not supported: only dfs or unk");
            }
            if (dups != null && !dups.equals("y") && !dups.equals("n")) {
                throw GatewayException.badRequest(GatewayException.BAD_PARAM, "invalid CAR dups '" + Text.abbreviate(dups) + "': expected y or n");
            }
            car = new CarOptions(order == null ? "dfs" : order, "y".equals(dups));
            String scopeParam = params.get("dag-scope");
            String bytesParam = params.get("entity-bytes");
            EntityBytes parsedBytes = bytesParam == null ? null : EntityBytes.parse(bytesParam);
            if (scopeParam != null) {
                scope = DagScope.parse(scopeParam);
            } else if (parsedBytes != null) {
                scope = DagScope.ENTITY; // entity-bytes implies dag-scope=entity
            }
            if (scope == DagScope.ENTITY) entityBytes = parsedBytes;
        }

        String filename = params.get("filename");
        if (filename != null && (filename.isEmpty() || filename.chars().anyMatch(c -> c < 0x20 || c == 0x7F))) {
            throw GatewayException.badRequest(GatewayException.BAD_PARAM, "invalid filename parameter");
        }
        boolean download = "true".equalsIgnoreCase(params.get("download"));

        String contentLocation = null;
        if (fromAccept) {
            Map<String, String> loc = new LinkedHashMap<>(params);
            loc.put("format", format.param());
            if (format == ResponseFormat.CAR) {
                for (Map.Entry<String, String> e : carParams.entrySet()) {
                    if (Set.of("version", "order", "dups").contains(e.getKey())) loc.putIfAbsent("car-" + e.getKey(), e.getValue());
                }
            }
            contentLocation = "/ipfs/" + encodePath(rootText, segments, trailingSlash) + "?" + Text.query(loc);
        }

        return new GatewayRequest(head, root, rootText, segments, trailingSlash, format, car, scope, entityBytes,
                filename, download, ifNoneMatch, params, contentLocation);
    }

    private static boolean parseMethod(String method) {
        String m = method == null ? "" : method.toUpperCase(Locale.ROOT);
        return switch (m) {
            case "GET" -> false;
            case "HEAD" -> true;
            default -> throw new GatewayException(405, GatewayException.METHOD_NOT_ALLOWED,
                    "method " + Text.abbreviate(String.valueOf(method)) + " not allowed: use GET or HEAD");
        };
    }

    /** Why a CAR media range asks for something Cairn cannot write, or null if it is fine. */
    private static String unsupportedCarParam(Map<String, String> p) {
        String version = p.get("version");
        if (version != null && !version.equals("1")) return "CAR version " + Text.abbreviate(version) + " is not supported";
        String order = p.get("order");
        if (order != null && !order.equals("dfs") && !order.equals("unk")) return "CAR order " + Text.abbreviate(order) + " is not supported";
        String dups = p.get("dups");
        if (dups != null && !dups.equals("y") && !dups.equals("n")) return "CAR dups " + Text.abbreviate(dups) + " is not supported";
        return null;
    }

    private static String pick(String fromQuery, String fromAccept) {
        return fromQuery != null && !fromQuery.isEmpty() ? fromQuery : fromAccept;
    }

    static String encodePath(String rootText, List<String> segments, boolean trailingSlash) {
        StringBuilder sb = new StringBuilder(Text.encodeSegment(rootText));
        for (String s : segments) sb.append('/').append(Text.encodeSegment(s));
        if (trailingSlash) sb.append('/');
        return sb.toString();
    }

    /** The content path as requested, canonically encoded: {@code /ipfs/{cid}/a/b} (for {@code X-Ipfs-Path}). */
    public String contentPath() {
        return "/ipfs/" + encodePath(rootText, segments, trailingSlash);
    }

    /** The query string of this request (first values, keys sorted), without '?'; empty when none. */
    String queryString() {
        return Text.query(query);
    }
}
