// The file name endings read as lists, apart from the readers so that the server's import (which
// checks uploads against them) does not load every reader to know them.

/** File name endings read as lists (a folder stands for every file with one of them). */
export const LIST_EXTENSIONS = ['.txt', '.csv', '.xlsx', '.docx', '.html', '.htm'] as const;
