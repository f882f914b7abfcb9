import { Controller, Get, Headers, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Public } from '../../common/auth/decorators';
import { AppError } from '../../common/errors/app-error';

interface Asset {
  path: string;
  type: string;
}

const PUBLIC_DIR = join(__dirname, '..', 'public');

/**
 * A fixed list of files, never a path from the URL: the console's own CSS and script, and htmx
 * straight from node_modules (no CDN, nothing fetched at run time). The dashboard's charts are
 * inline SVG drawn on the server, so no chart library is served.
 */
const ASSETS: Record<string, Asset> = {
  'console.css': { path: join(PUBLIC_DIR, 'console.css'), type: 'text/css; charset=utf-8' },
  'console.js': { path: join(PUBLIC_DIR, 'console.js'), type: 'text/javascript; charset=utf-8' },
  'region-picker.js': { path: join(PUBLIC_DIR, 'region-picker.js'), type: 'text/javascript; charset=utf-8' },
  'firm-picker.js': { path: join(PUBLIC_DIR, 'firm-picker.js'), type: 'text/javascript; charset=utf-8' },
  'vendor/htmx.min.js': { path: require.resolve('htmx.org/dist/htmx.min.js'), type: 'text/javascript; charset=utf-8' },
};

@Public()
@ApiExcludeController()
@Controller('assets')
export class AssetsController {
  private readonly cache = new Map<string, Promise<{ body: Buffer; etag: string }>>();

  @Get('vendor/:file')
  vendor(@Param('file') file: string, @Headers('if-none-match') etag: string | undefined, @Res() reply: FastifyReply): Promise<void> {
    return this.serve(`vendor/${file}`, etag, reply);
  }

  @Get(':file')
  own(@Param('file') file: string, @Headers('if-none-match') etag: string | undefined, @Res() reply: FastifyReply): Promise<void> {
    return this.serve(file, etag, reply);
  }

  private async serve(name: string, ifNoneMatch: string | undefined, reply: FastifyReply): Promise<void> {
    const asset = Object.prototype.hasOwnProperty.call(ASSETS, name) ? ASSETS[name] : undefined;
    if (!asset) throw AppError.notFound('Asset', name);
    const { body, etag } = await this.load(name, asset);
    void reply.header('etag', etag).header('cache-control', 'no-cache').header('x-content-type-options', 'nosniff');
    if (ifNoneMatch === etag) {
      await reply.status(304).send();
      return;
    }
    await reply.type(asset.type).send(body);
  }

  /** Read once per process; the ETag lets browsers revalidate cheaply after a deployment. */
  private load(name: string, asset: Asset): Promise<{ body: Buffer; etag: string }> {
    let entry = this.cache.get(name);
    if (!entry) {
      entry = readFile(asset.path).then((body) => ({
        body,
        etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`,
      }));
      entry.catch(() => this.cache.delete(name));
      this.cache.set(name, entry);
    }
    return entry;
  }
}
