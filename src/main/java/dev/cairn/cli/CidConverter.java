package dev.cairn.cli;

import dev.cairn.content.Cid;
import dev.cairn.content.CidFormatException;
import picocli.CommandLine;

/** Parses CID arguments, so a malformed one is a usage error that says what is wrong. */
final class CidConverter implements CommandLine.ITypeConverter<Cid> {
    @Override
    public Cid convert(String value) {
        try {
            return Cid.parse(value);
        } catch (CidFormatException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
