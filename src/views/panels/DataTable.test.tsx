/** The panels' shared table markup, rendered to HTML as the browser receives it. */
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { DataTable } from './DataTable';

describe('DataTable', () => {
  it('names its columns as column headers, under its caption, with the rows given', () => {
    const html = renderToStaticMarkup(
      <DataTable label="Log" caption="Log (last 50)" columns={['index', 'term']} empty="empty">
        {[1, 2].map((i) => (
          <tr key={i}>
            <td>{i}</td>
            <td>2</td>
          </tr>
        ))}
      </DataTable>,
    );
    expect(html).toBe(
      '<table aria-label="Log"><caption>Log (last 50)</caption><thead><tr>' +
        '<th scope="col">index</th><th scope="col">term</th></tr></thead><tbody>' +
        '<tr><td>1</td><td>2</td></tr><tr><td>2</td><td>2</td></tr></tbody></table>',
    );
  });

  it('says in words, across every column, that there are no rows', () => {
    const html = renderToStaticMarkup(
      <DataTable caption="Sends" columns={['seq', 'to', 'result']} empty="nothing sent yet">
        {[]}
      </DataTable>,
    );
    expect(html).toContain(
      '<tbody><tr><td colSpan="3" class="muted">nothing sent yet</td></tr></tbody>',
    );
  });

  it('keeps a caption for screen readers only, and no empty row unless asked', () => {
    const html = renderToStaticMarkup(
      <DataTable caption="Acceptors" captionHidden columns={['node']}>
        {[]}
      </DataTable>,
    );
    expect(html).toContain('<caption class="visually-hidden">Acceptors</caption>');
    expect(html).toContain('<tbody></tbody>');
  });
});
