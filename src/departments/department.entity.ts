import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { booleanTransformer } from '../common/database/boolean.transformer';
import type { RegionLevel } from '../common/auth/role';

@Entity('departments')
export class Department {
  @PrimaryGeneratedColumn({ unsigned: true }) id: number;
  @Column() name: string;
  @Column({ name: 'short_name', type: 'varchar', nullable: true }) shortName: string | null;
  @Column({ name: 'region_code', type: 'char', length: 6 }) regionCode: string;
  @Column({ type: 'enum', enum: ['province', 'city', 'county'] }) level: RegionLevel;
  @Column({ type: 'tinyint', width: 1, transformer: booleanTransformer })
  active: boolean;
  @Column({ type: 'int', unsigned: true }) version: number;
  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 3 }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'datetime', precision: 3 }) updatedAt: Date;
}
