package org.adoptionkiosk.hub.history;

/**
 * One thing wrong in an import file: where it is and what it is, in Welsh and in English.
 *
 * @param line   the file's line (of the row's start, when a quoted field runs over lines)
 * @param column the field's number, from 1; 0 when the problem is the whole line
 * @param field  the column's name in the header; null when the problem is the whole line
 */
public record CsvProblem(int line, int column, String field, String welsh, String english) {

    /** "llinell 7, colofn 4 (enquiries): nid yw 'twelve' yn rhif cyfan" */
    public String inWelsh() {
        return "llinell " + line + (column > 0 ? ", colofn " + column + " (" + field + ")" : "") + ": " + welsh;
    }

    /** "line 7, column 4 (enquiries): 'twelve' is not a whole number" */
    public String inEnglish() {
        return "line " + line + (column > 0 ? ", column " + column + " (" + field + ")" : "") + ": " + english;
    }
}
